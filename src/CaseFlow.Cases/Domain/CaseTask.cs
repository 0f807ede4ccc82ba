namespace CaseFlow.Cases.Domain;

public enum CaseTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>One field of a human task's form; a completed task's values become workflow variables.</summary>
public sealed record FormField
{
    public required string Name { get; init; }
    public string? Label { get; init; }

    /// <summary><c>text</c>, <c>textarea</c>, <c>number</c>, <c>boolean</c>, <c>date</c> or <c>select</c>.</summary>
    public string Type { get; init; } = "text";

    public bool Required { get; init; }

    /// <summary>The outcomes a required field is required for (e.g. a level only to activate, not to call a false alarm); null or empty: every outcome.</summary>
    public IReadOnlyList<string>? RequiredFor { get; init; }

    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>Whether the field must be filled to complete the task with <paramref name="outcome"/>.</summary>
    public bool IsRequiredFor(string? outcome) =>
        Required && (RequiredFor is not { Count: > 0 } only || (outcome is not null && only.Contains(outcome, StringComparer.OrdinalIgnoreCase)));
}

/// <summary>
/// Work for a person, created by a <c>CaseFlow.HumanTask</c> activity: its id is the task id the activity waits on.
/// Open and unassigned, it is available to every holder of <see cref="CandidateRole"/>; claimed, it belongs to
/// <see cref="Assignee"/>. Completing it with one of <see cref="Outcomes"/> resumes the workflow.
/// </summary>
public sealed class CaseTask
{
    public required string Id { get; set; }

    /// <summary><c>Task</c>, or <c>FollowUp</c> for the follow-ups <c>CaseFlow.ScheduleFollowUp</c> creates.</summary>
    public string Kind { get; set; } = "Task";

    public string? CaseId { get; set; }

    // Copies of the case's facts the inboxes filter on, so a filtered page is read from the tasks' own index without
    // visiting every case (TaskCaseFacts keeps them current).

    /// <summary>Its case's type (null for a task outside a case).</summary>
    public CaseType? CaseType { get; set; }

    /// <summary>Its case's category, once classified.</summary>
    public string? Category { get; set; }

    /// <summary>The channel its case came in through.</summary>
    public CaseChannel? Channel { get; set; }

    /// <summary>Its case is linked to an emergency.</summary>
    public bool EmergencyLinked { get; set; }

    /// <summary>A task of a drill (its case is one): inboxes show it as such, KPIs leave it out.</summary>
    public bool IsDrill { get; set; }
    public required string WorkflowInstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityInstanceId { get; set; }
    public required string Title { get; set; }
    public string? Instructions { get; set; }
    public string? Assignee { get; set; }
    public string? CandidateRole { get; set; }

    /// <summary>The department that owns it (a department task: assigned to the head unless someone was named).</summary>
    public string? Department { get; set; }
    public List<string> Outcomes { get; set; } = [];
    public List<FormField> Form { get; set; } = [];
    public CasePriority Priority { get; set; } = CasePriority.Normal;
    public DateTimeOffset? DueAt { get; set; }
    public CaseTaskStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? Outcome { get; set; }
    public Dictionary<string, object?> Data { get; set; } = [];

    /// <summary>
    /// Escalates level by level up the superior chain (agent → supervisor → CS manager → department head → GM) each
    /// time it is overdue: reassigned to the next superior with a sign-in, due again after <see cref="EscalateEvery"/>.
    /// </summary>
    public bool Escalates { get; set; }

    /// <summary>The time each level has (the task's own time to complete).</summary>
    public TimeSpan? EscalateEvery { get; set; }

    /// <summary>How many times it was escalated.</summary>
    public int EscalationLevel { get; set; }

    /// <summary>When the workflow took the completion (null while the resume is still owed: recovery redoes it).</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    public long Revision { get; set; }
}
