using System.Text.Json;
using CaseFlow.Cases.Domain;

namespace CaseFlow.Server.Api.Tasks;

/// <summary>Completes a task: one of its outcomes and its form's values by field name.</summary>
public sealed record CompleteTaskRequest(string? Outcome, Dictionary<string, JsonElement>? Data);

/// <summary>Hands a task to someone else (supervisors and managers), with an optional reason for the timeline.</summary>
public sealed record ReassignTaskRequest(string? Assignee, string? Reason);

/// <summary>A human task with its form and outcomes.</summary>
public sealed record TaskDto
{
    public string Id { get; init; } = "";

    /// <summary><c>Task</c>, or <c>FollowUp</c> for scheduled follow-ups.</summary>
    public string Kind { get; init; } = "";

    public string? CaseId { get; init; }
    public string? CaseNumber { get; init; }
    public string WorkflowInstanceId { get; init; } = "";

    /// <summary>A task of a drill.</summary>
    public bool IsDrill { get; init; }

    /// <summary>Its case's type, category and channel (null for a task outside a case, or a case not yet classified).</summary>
    public CaseType? CaseType { get; init; }

    public string? Category { get; init; }
    public CaseChannel? Channel { get; init; }

    /// <summary>Its case is linked to an emergency.</summary>
    public bool EmergencyLinked { get; init; }

    /// <summary>The workflow step (activity id) that created the task, e.g. <c>classify</c>.</summary>
    public string ActivityId { get; init; } = "";

    public string Title { get; init; } = "";
    public string? Instructions { get; init; }
    public string? Assignee { get; init; }
    public string? CandidateRole { get; init; }

    /// <summary>The department that owns it, for a department task.</summary>
    public string? Department { get; init; }

    /// <summary>What completing it may answer; the workflow continues on the chosen one.</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    public IReadOnlyList<FormFieldDto> Form { get; init; } = [];
    public CasePriority Priority { get; init; }
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>In inbox pages: when the case's soonest running SLA clock is due (null elsewhere, or with none running).</summary>
    public DateTimeOffset? CaseDueAt { get; init; }

    public CaseTaskStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }
    public string? Outcome { get; init; }

    /// <summary>
    /// When the workflow took the completion; null on a completed task while the hand-over is pending (the case sweep
    /// delivers it, at most about a minute later).
    /// </summary>
    public DateTimeOffset? ResumedAt { get; init; }

    /// <summary>The form's values once completed.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; init; } = new Dictionary<string, object?>();

    /// <summary>
    /// True on a case's task whose form values are withheld (<see cref="Data"/> is empty): the reader may see the
    /// case but not this task (neither theirs, available to their roles, nor on a case they own).
    /// </summary>
    public bool DataWithheld { get; init; }

    public long Revision { get; init; }
}

/// <summary>One form field: <c>text</c>, <c>textarea</c>, <c>number</c>, <c>boolean</c>, <c>date</c> or <c>select</c> (with options).</summary>
public sealed record FormFieldDto
{
    public string Name { get; init; } = "";
    public string? Label { get; init; }
    public string Type { get; init; } = "text";
    public bool Required { get; init; }

    /// <summary>The outcomes a required field is required for; null: every outcome.</summary>
    public IReadOnlyList<string>? RequiredFor { get; init; }

    public IReadOnlyList<string>? Options { get; init; }
}
