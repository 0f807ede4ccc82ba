namespace CaseFlow.Workflows.Runtime;

/// <summary>An activity failure recorded on the instance (Elsa's <c>ActivityIncident</c>).</summary>
public sealed record ActivityIncident(
    string Id,
    string ActivityId,
    string ActivityNodeId,
    string ActivityInstanceId,
    string ActivityType,
    string Message,
    ExceptionState? Exception,
    DateTimeOffset Timestamp);

public sealed record ExceptionState(string Type, string Message, string? StackTrace, ExceptionState? InnerException)
{
    public static ExceptionState? From(Exception? ex) =>
        ex is null ? null : new ExceptionState(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.StackTrace, From(ex.InnerException));
}

/// <summary>How the instance reacts to an incident (<c>options.incidentStrategyType</c>).</summary>
public enum IncidentStrategy
{
    /// <summary>Elsa's default: the instance ends with sub-status Faulted.</summary>
    Fault,

    /// <summary>The faulted branch stops; the rest of the workflow goes on.</summary>
    Continue,
}
