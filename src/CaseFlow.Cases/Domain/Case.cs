namespace CaseFlow.Cases.Domain;

public enum CaseType
{
    Complaint,
    Inquiry,

    /// <summary>A service incident run by the emergency plan (its details: <see cref="Emergency"/>); it has no customer.</summary>
    Emergency,

    /// <summary>An emergency drill (its details: <see cref="Drill"/>); always <see cref="Case.IsDrill"/>, no customer.</summary>
    Drill,
}

/// <summary>Where a case came in; first-response SLAs differ per channel (live channels 2 min, tickets 15 min).</summary>
public enum CaseChannel
{
    Phone,
    Email,
    Online,
    Social,

    /// <summary>Raised inside the centre (an emergency report), not by a customer.</summary>
    Internal,
}

public enum CasePriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>
/// Where a case stands. The workflow moves it (through <c>CaseFlow.SetCase</c>); <see cref="Archived"/> is final and
/// <see cref="Redirected"/> closes a case outside the company's responsibility without a solution step.
/// </summary>
public enum CaseStatus
{
    New,
    InProgress,
    Escalated,
    Resolved,
    FollowUp,
    Closed,
    Redirected,
    Archived,
}

/// <summary>
/// A customer's complaint or inquiry, run by one workflow instance (correlated by the case id). The owner is the
/// first agent who accepted it (first-contact ownership) and changes only by an explicit transfer.
/// </summary>
public sealed class Case
{
    public required string Id { get; set; }

    /// <summary>Human-readable and unique, e.g. <c>CF-2026-000123</c> (year of intake, sequence within the year).</summary>
    public required string Number { get; set; }

    public CaseType Type { get; set; }
    public CaseChannel Channel { get; set; }
    /// <summary>The customer; null only for an emergency, which is the centre's, not a customer's.</summary>
    public string? CustomerId { get; set; }
    public Customer? Customer { get; set; }

    /// <summary>The customer's claim and key information, as recorded at intake.</summary>
    public required string Description { get; set; }

    public string? Category { get; set; }
    public CasePriority Priority { get; set; } = CasePriority.Normal;
    public CaseStatus Status { get; set; } = CaseStatus.New;
    public string? Owner { get; set; }

    /// <summary>Who filed it at intake (null for a case a workflow filed); they keep reading it (<c>CaseVisibility</c>).</summary>
    public string? CreatedBy { get; set; }

    /// <summary>
    /// The intake's idempotency key, scoped to the user who filed it (<c>user:key</c>): filing again with the same key
    /// returns this case instead of a second one (a client that lost the answer sends the same request again).
    /// </summary>
    public string? IntakeKey { get; set; }

    /// <summary>Named values the workflow and the agents record (handling result, analysis, verification...).</summary>
    public Dictionary<string, object?> Fields { get; set; } = [];

    public string? WorkflowDefinitionId { get; set; }
    public string? WorkflowInstanceId { get; set; }

    /// <summary>A drill's case: flagged everywhere, left out of real KPIs and of the complaint spike detector.</summary>
    public bool IsDrill { get; set; }

    /// <summary>The case this one follows up (e.g. a negative survey reopens as a follow-up case).</summary>
    public string? ParentCaseId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>
    /// For each value a workflow set ("status", "category", "priority", "field:name", prefixed by the instance id and
    /// a slash), the outbox sequence of the update that set it: a workflow's older update that arrives after a newer
    /// one leaves the newer value alone (<c>CaseUpdatedHandler</c>).
    /// </summary>
    public Dictionary<string, long> WorkflowUpdateSequences { get; set; } = [];

    /// <summary>Optimistic concurrency: every update bumps it and checks the value it read.</summary>
    public long Revision { get; set; }
}
