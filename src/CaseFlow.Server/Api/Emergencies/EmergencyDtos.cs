using CaseFlow.Cases.Domain;

namespace CaseFlow.Server.Api.Emergencies;

/// <summary>
/// An emergency report (E1): the event type (a configured key such as <c>system-failure</c> or <c>data-leak</c>),
/// what is happening, when it started (ISO 8601; default now), the scope and the department ids involved.
/// </summary>
public sealed record RaiseEmergencyRequest(string? EventType, string? Description, DateTimeOffset? OccurredAt, string? Scope, IReadOnlyList<string>? Departments);

/// <summary>
/// An information report (E9): every field but <c>losses</c> is required; <c>form</c> is <c>written</c> or
/// <c>oral</c>; recipients each have a kind (<c>internalDepartment</c>, <c>leadership</c>,
/// <c>associatedDepartment</c>, <c>partner</c>, <c>regulator</c>) and a name.
/// </summary>
public sealed record InformationReportRequest(
    string? EventType,
    DateTimeOffset? OccurredAt,
    IReadOnlyList<string>? Departments,
    string? Scope,
    string? Cause,
    string? Measures,
    string? FollowUp,
    string? Losses,
    string? Form,
    IReadOnlyList<RecipientRequest>? Recipients);

public sealed record RecipientRequest(string? Kind, string? Name);

/// <summary>An emergency as lists show it: its case and its details.</summary>
public record EmergencyDto
{
    public string Id { get; init; } = "";
    public string Number { get; init; } = "";
    public string EventType { get; init; } = "";
    public string Description { get; init; } = "";
    public DateTimeOffset OccurredAt { get; init; }
    public ResponseLevel? SuggestedLevel { get; init; }
    public ResponseLevel? Level { get; init; }
    public bool Red { get; init; }
    public EmergencyStage Stage { get; init; }
    public string? Scope { get; init; }
    public IReadOnlyList<string> Departments { get; init; } = [];
    public string? ReportedBy { get; init; }
    public bool IsDrill { get; init; }
    public CaseStatus Status { get; init; }
    public CasePriority Priority { get; init; }
    public string? WorkflowInstanceId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record InformationReportDto
{
    public int Sequence { get; init; }
    public string EventType { get; init; } = "";
    public DateTimeOffset OccurredAt { get; init; }
    public IReadOnlyList<string> Departments { get; init; } = [];
    public string Scope { get; init; } = "";
    public string Cause { get; init; } = "";
    public string Measures { get; init; } = "";
    public string FollowUp { get; init; } = "";
    public string? Losses { get; init; }
    public ReportForm Form { get; init; }
    public IReadOnlyList<ReportRecipient> Recipients { get; init; } = [];
    public string SubmittedBy { get; init; } = "";
    public DateTimeOffset SubmittedAt { get; init; }
}

public sealed record CommandRoleDto(string Role, string PersonId, string? AssignedBy, DateTimeOffset AssignedAt);

/// <summary>A linked case; <c>HeldAt</c>: since when its follow-up and survey wait for this emergency, <c>ReleasedAt</c>: when its end let them go.</summary>
public sealed record CaseLinkDto(string LinkedCaseId, string Reason, string? LinkedBy, DateTimeOffset LinkedAt, DateTimeOffset? HeldAt, DateTimeOffset? ReleasedAt);

/// <summary>An emergency with its information reports (oldest first, never rewritten), its command and its linked cases.</summary>
public sealed record EmergencyDetailsDto : EmergencyDto
{
    public IReadOnlyList<InformationReportDto> Reports { get; init; } = [];
    public IReadOnlyList<CommandRoleDto> Command { get; init; } = [];
    public IReadOnlyList<CaseLinkDto> Links { get; init; } = [];

    /// <summary>When the next information report is due by the communications cadence of its level; null: none awaited.</summary>
    public DateTimeOffset? NextUpdateDueAt { get; init; }
}
