namespace CaseFlow.Cases.Domain;

/// <summary>A note an agent added to a case.</summary>
public sealed class CaseNote
{
    public required string Id { get; set; }
    public required string CaseId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A change of owner: who handed the case to whom, when and why (kept for tracing and review).</summary>
public sealed class CaseTransfer
{
    public required string Id { get; set; }
    public required string CaseId { get; set; }
    public required string FromOwner { get; set; }
    public required string ToOwner { get; set; }
    public required string TransferredBy { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum TimelineKind
{
    Case,
    Task,
    Note,
    Transfer,
    Message,
    Sla,
    Survey,
    FollowUp,

    /// <summary>An emergency's information report, level, stage or command role.</summary>
    Emergency,

    /// <summary>A case linked to this one (complaints to the emergency they are part of).</summary>
    Link,
}

/// <summary>
/// One event on a case's timeline (human actions, messages, SLA events, survey results); workflow steps come from the
/// instance's journal and are merged in when the timeline is read. <see cref="SourceId"/> makes writing an event
/// twice (a redelivered job) a no-op.
/// </summary>
public sealed class TimelineEntry
{
    public long Id { get; set; }
    public required string CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public TimelineKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Actor { get; set; }
    public string? Detail { get; set; }
    public required string SourceId { get; set; }

    /// <summary>
    /// What happened as a key (<c>taskCreated</c>, <c>slaMet</c>...) with <see cref="Args"/>, so a reader's screen can
    /// say it in their language; <see cref="Title"/> is the same in English. Null on lines that quote what a workflow
    /// definition or a person wrote (a step's note), and on lines written before the column existed.
    /// </summary>
    public string? Code { get; set; }

    /// <summary>The values <see cref="Code"/>'s sentence names (a task's title, an SLA clock's name, a score...).</summary>
    public Dictionary<string, string> Args { get; set; } = [];
}
