namespace CaseFlow.Cases.Domain;

/// <summary>
/// A finding of a quality-assurance check about one agent ([003 §8.2.3]; Q3): what was found, in which check. The
/// agent gets a rectification task; repeated findings bring in their supervisor.
/// </summary>
public sealed class QaFinding
{
    public long Id { get; set; }

    /// <summary>Unique: the check's activity and the finding's place in it, so a redelivered check records it once.</summary>
    public required string Key { get; set; }

    /// <summary>The agent's user name as the checker wrote it.</summary>
    public required string Agent { get; set; }

    public required string Finding { get; set; }

    /// <summary>The QA monitoring instance that found it.</summary>
    public required string WorkflowInstanceId { get; set; }

    public DateTimeOffset FoundAt { get; set; }

    /// <summary>How many findings the agent had within the window, this one included, when it was recorded.</summary>
    public int CountInWindow { get; set; }

    public bool Repeated { get; set; }
}
