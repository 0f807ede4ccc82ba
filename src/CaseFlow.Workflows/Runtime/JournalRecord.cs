namespace CaseFlow.Workflows.Runtime;

/// <summary>One execution-log entry (Elsa's <c>WorkflowExecutionLogRecord</c>).</summary>
public sealed record JournalRecord
{
    private string? _id;

    /// <summary>Unique per record: the instance id and the sequence, unless set explicitly (built lazily: most records are never read by id).</summary>
    public string Id
    {
        get => _id ??= DefaultId(WorkflowInstanceId, Sequence);
        init => _id = value;
    }

    /// <summary>Whether <see cref="Id"/> is the one derived from the instance id and sequence (stores may leave it out).</summary>
    public bool HasDefaultId => _id is null || string.Equals(_id, DefaultId(WorkflowInstanceId, Sequence), StringComparison.Ordinal);

    /// <summary>The id of the record at <paramref name="sequence"/> of an instance, unless one was set explicitly.</summary>
    public static string DefaultId(string instanceId, long sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{instanceId}-{sequence:x}");

    public required string WorkflowDefinitionId { get; init; }
    public required string WorkflowDefinitionVersionId { get; init; }
    public required string WorkflowInstanceId { get; init; }
    public int WorkflowVersion { get; init; }
    public required string ActivityInstanceId { get; init; }
    public string? ParentActivityInstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }
    public required string ActivityNodeId { get; init; }
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Monotonic per instance, across bursts.</summary>
    public long Sequence { get; init; }

    /// <summary><c>Started</c>, <c>Resumed</c>, <c>Suspended</c>, <c>Completed</c>, <c>Faulted</c>, <c>Canceled</c>, <c>Workflow cancelled</c>...</summary>
    public required string EventName { get; init; }

    public string? Message { get; init; }
    public string? Source { get; init; }
    public object? Payload { get; init; }

    /// <summary>
    /// On a <c>Completed</c> record: the ports the activity continued on. Kept in memory for in-process hosts (the test
    /// run lights the path taken with it); stores may leave it out.
    /// </summary>
    public IReadOnlyList<string>? Outcomes { get; init; }
}

public static class JournalEvents
{
    public const string Started = "Started";
    public const string Resumed = "Resumed";
    public const string Suspended = "Suspended";
    public const string Completed = "Completed";
    public const string Faulted = "Faulted";
    public const string Canceled = "Canceled";
    public const string WorkflowCancelled = "Workflow cancelled";
    public const string Retried = "Retried";
}
