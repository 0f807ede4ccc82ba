using System.Text.Json.Serialization;
using CaseFlow.Cases.Domain;
using CaseFlow.Server.Api.Tasks;

namespace CaseFlow.Server.Api.Cases;

/// <summary>
/// Intake body: type <c>complaint</c> or <c>inquiry</c>; channel <c>phone</c>, <c>email</c>, <c>online</c> or
/// <c>social</c>; optional category (classification normally sets it) of the case's type; priority <c>low</c>,
/// <c>normal</c> (default), <c>high</c> or <c>urgent</c>. Enum-like fields are text so a wrong value is answered
/// with the field's name and the allowed values.
/// </summary>
public sealed record CreateCaseRequest(string? Type, string? Channel, CustomerRequest? Customer, string? Description, string? Category, string? Priority);

/// <summary>
/// The customer at intake: a name and a phone number or an email address (a known one finds the existing customer);
/// segment <c>regular</c> (default) or <c>vip</c>.
/// </summary>
public sealed record CustomerRequest(string? Name, string? Phone, string? Email, string? Segment);

public sealed record AddNoteRequest(string? Text);

/// <summary>The categories of each case type, in their configured order.</summary>
public sealed record CaseCategoriesDto(IReadOnlyList<string> Complaint, IReadOnlyList<string> Inquiry);

public sealed record TransferCaseRequest(string? ToOwner, string? Reason);

public sealed record CustomerDto
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public CustomerSegment Segment { get; init; }
}

/// <summary>A case as lists and intake return it.</summary>
public record CaseDto
{
    public string Id { get; init; } = "";

    /// <summary>Human-readable, e.g. <c>CF-2026-000123</c>; <c>GET /api/cases/{number}</c> works too.</summary>
    public string Number { get; init; } = "";

    public CaseType Type { get; init; }

    /// <summary>A drill's case (the drill itself, its emergency, or a case filed for practice).</summary>
    public bool IsDrill { get; init; }

    public CaseChannel Channel { get; init; }
    public CasePriority Priority { get; init; }
    public CaseStatus Status { get; init; }
    public string? Category { get; init; }
    public string Description { get; init; } = "";
    public string? Owner { get; init; }

    /// <summary>Who filed it at intake (null for a follow-up case the workflow filed).</summary>
    public string? CreatedBy { get; init; }

    public string CustomerId { get; init; } = "";
    public CustomerDto? Customer { get; init; }

    /// <summary>What the workflow and agents recorded (handling result, analysis, verification...).</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; init; } = new Dictionary<string, object?>();

    public string? WorkflowDefinitionId { get; init; }
    public string? WorkflowInstanceId { get; init; }
    public string? ParentCaseId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public long Revision { get; init; }
}

/// <summary>A case with everything about it: tasks, notes, transfers, SLA clocks, the message log and the timeline.</summary>
/// <remarks>The collections are ordered after the case's own members (System.Text.Json writes a derived type's members first).</remarks>
public sealed record CaseDetailsDto : CaseDto
{
    [JsonPropertyOrder(1)]
    public IReadOnlyList<TaskDto> Tasks { get; init; } = [];

    [JsonPropertyOrder(1)]
    public IReadOnlyList<NoteDto> Notes { get; init; } = [];

    [JsonPropertyOrder(1)]
    public IReadOnlyList<TransferDto> Transfers { get; init; } = [];

    [JsonPropertyOrder(1)]
    public IReadOnlyList<SlaDto> Slas { get; init; } = [];

    [JsonPropertyOrder(1)]
    public IReadOnlyList<MessageDto> Messages { get; init; } = [];

    /// <summary>The case's events and its workflow's completed steps, oldest first.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<TimelineItemDto> Timeline { get; init; } = [];

    /// <summary>The cases this one belongs with that the reader may see: its emergency, the cases linked to it (an emergency's), the case it follows up, its follow-up cases.</summary>
    public IReadOnlyList<LinkedCaseDto> Links { get; init; } = [];
}

public sealed record NoteDto
{
    public string Id { get; init; } = "";
    public string CaseId { get; init; } = "";
    public string Author { get; init; } = "";
    public string Text { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record TransferDto
{
    public string Id { get; init; } = "";
    public string CaseId { get; init; } = "";
    public string FromOwner { get; init; } = "";
    public string ToOwner { get; init; } = "";
    public string TransferredBy { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTimeOffset At { get; init; }
}

/// <summary>An SLA clock of the case (first response, resolution...).</summary>
public sealed record SlaDto
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public SlaClockStatus Status { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public DateTimeOffset? BreachedAt { get; init; }
}

/// <summary>One message of the case's message log (to the customer or to staff).</summary>
public sealed record MessageDto
{
    public string Id { get; init; } = "";
    public RecipientKind RecipientKind { get; init; }
    public string Recipient { get; init; } = "";
    public string? Address { get; init; }

    /// <summary><c>log</c>, <c>email</c>, <c>sms</c> or <c>voice</c>.</summary>
    public string Channel { get; init; } = "";

    public string? Subject { get; init; }
    public string Body { get; init; } = "";
    public NotificationStatus Status { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
}

/// <summary>A linked case; <see cref="Relation"/> is <c>Emergency</c>, <c>Linked</c>, <c>FollowUpOf</c> or <c>FollowUp</c>.</summary>
public sealed record LinkedCaseDto
{
    public string CaseId { get; init; } = "";
    public string Number { get; init; } = "";
    public string Type { get; init; } = "";
    public string Status { get; init; } = "";
    public string Relation { get; init; } = "";
    public string? Reason { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>A timeline line; <see cref="Source"/> is <c>case</c> (the case's own events) or <c>workflow</c> (a completed step).</summary>
public sealed record TimelineItemDto
{
    public DateTimeOffset At { get; init; }
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Actor { get; init; }
    public string? Detail { get; init; }
    public string Source { get; init; } = "";

    /// <summary>What happened as a key (<c>taskCreated</c>, <c>slaMet</c>...) with <see cref="Args"/>, for a screen to say in its language; null on lines that quote a definition or a person.</summary>
    public string? Code { get; init; }

    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();
}
