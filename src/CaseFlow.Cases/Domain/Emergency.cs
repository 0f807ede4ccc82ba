namespace CaseFlow.Cases.Domain;

/// <summary>The emergency plan's response levels ([000 §4.1.1]): I is the most severe, IV the daily kind.</summary>
public enum ResponseLevel
{
    I = 1,
    II = 2,
    III = 3,
    IV = 4,
}

/// <summary>The five stages of an emergency ([000 §2.3]), then closed.</summary>
public enum EmergencyStage
{
    Warning,
    Activation,
    Handling,
    Recovery,
    Summary,
    Closed,
}

/// <summary>
/// A service incident's details beside its case (type <see cref="CaseType.Emergency"/>): what happened and when, the
/// response level chosen at assessment (with the level the event type suggests), the red flag that calls
/// management in (data leaks, system paralysis) and the stage. A drill's case carries <see cref="Case.IsDrill"/>.
/// </summary>
public sealed class Emergency
{
    /// <summary>The case's id (one emergency per case).</summary>
    public required string CaseId { get; set; }

    /// <summary>A configured event type key (<c>system-failure</c>, <c>data-leak</c>...; <c>CaseFlow:Emergencies:EventTypes</c>).</summary>
    public required string EventType { get; set; }

    /// <summary>When the event happened: the 15 min / 1 h / 2 h / 4 h deadlines run from here.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>
    /// What raised it when no person did: <c>spike:{category}:{n}</c> (the n-th complaint spike of a category) or
    /// <c>major:{case id}</c> (a complaint marked major). Unique, so each trigger raises one emergency, however often
    /// or on however many nodes it is seen.
    /// </summary>
    public string? TriggerKey { get; set; }

    /// <summary>Who reported it first (a user name).</summary>
    public string? ReportedBy { get; set; }

    /// <summary>The reporter's person in the organisation, if known: the report goes to their department head, then the GM.</summary>
    public string? ReporterPersonId { get; set; }

    /// <summary>The level the event type suggests; the general manager decides at assessment.</summary>
    public ResponseLevel? SuggestedLevel { get; set; }

    /// <summary>The level decided at assessment (exactly one); null while in warning.</summary>
    public ResponseLevel? Level { get; set; }

    /// <summary>Red-level response: management intervenes directly (data leak, system paralysis).</summary>
    public bool Red { get; set; }

    public EmergencyStage Stage { get; set; } = EmergencyStage.Warning;

    /// <summary>Scope of impact as known at the report (updated by information reports).</summary>
    public string? Scope { get; set; }

    /// <summary>Department ids involved.</summary>
    public List<string> Departments { get; set; } = [];

    /// <summary>When the command declared the emergency over (E14); the recovery plan follows.</summary>
    public DateTimeOffset? TerminatedAt { get; set; }

    /// <summary>For each value a workflow set ("stage", "level", "red"), the outbox sequence of the update that set it (see <see cref="Case.WorkflowUpdateSequences"/>).</summary>
    public Dictionary<string, long> WorkflowUpdateSequences { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
    public long Revision { get; set; }
}

/// <summary>How an information report was given ([000 §5.2.3]).</summary>
public enum ReportForm
{
    Written,
    Oral,
}

/// <summary>Who receives an information report ([000 §5.1.3]).</summary>
public enum ReportRecipientKind
{
    InternalDepartment,
    Leadership,
    AssociatedDepartment,
    Partner,
    Regulator,
}

public sealed record ReportRecipient(ReportRecipientKind Kind, string Name);

/// <summary>
/// One information report on an emergency ([000 ch.5]). Append-only: a follow-up is a new report, never an edit
/// of an earlier one (E11); the database refuses updates and deletes.
/// </summary>
public sealed class InformationReport
{
    public long Id { get; set; }
    public required string CaseId { get; set; }

    /// <summary>1, 2, 3... within the emergency, in the order submitted.</summary>
    public int Sequence { get; set; }

    public required string EventType { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public List<string> Departments { get; set; } = [];
    public required string Scope { get; set; }
    public required string Cause { get; set; }
    public required string Measures { get; set; }
    public required string FollowUp { get; set; }

    /// <summary>Losses known so far (personnel, equipment, systems), optional.</summary>
    public string? Losses { get; set; }

    public ReportForm Form { get; set; }
    public List<ReportRecipient> Recipients { get; set; } = [];
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>Two cases that belong together: complaints linked to the emergency they are part of, a drill to its exercise.</summary>
public sealed class CaseLink
{
    public long Id { get; set; }

    /// <summary>The case the link is listed on (the emergency).</summary>
    public required string CaseId { get; set; }

    public required string LinkedCaseId { get; set; }
    public required string Reason { get; set; }
    public string? LinkedBy { get; set; }
    public DateTimeOffset LinkedAt { get; set; }

    /// <summary>When the linked case's follow-up and survey began to wait for this emergency to end (<c>CaseFlow.HoldForEmergency</c>).</summary>
    public DateTimeOffset? HeldAt { get; set; }

    /// <summary>When the end of this emergency let the held case go on to its recovery follow-up and survey.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }
}

/// <summary>A role in an emergency's command ([000 §2.3.2, §7.1.1]): commander (the GM), comms lead, tech lead...</summary>
public sealed class CommandRole
{
    public long Id { get; set; }
    public required string CaseId { get; set; }

    /// <summary>A configured role key (<c>commander</c>, <c>commsLead</c>, <c>techLead</c>...; <c>CaseFlow:Emergencies:CommandRoles</c>).</summary>
    public required string Role { get; set; }

    public required string PersonId { get; set; }
    public string? AssignedBy { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}
