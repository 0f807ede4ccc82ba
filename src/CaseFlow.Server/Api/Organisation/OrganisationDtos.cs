using CaseFlow.Cases.Domain;

namespace CaseFlow.Server.Api.Organisation;

/// <summary>
/// A department as given: name; layer <c>leadership</c>, <c>management</c>, <c>execution</c> (default) or
/// <c>collaboration</c>; the head (a person of the department); active; the revision read (optional: a stale one
/// answers 409).
/// </summary>
public sealed record SaveDepartmentRequest(string? Name, string? Layer, string? HeadId, bool? Active, long? Revision);

/// <summary>
/// A person as given: name; department (required unless <c>reserve</c> is set); position (<c>agent</c>,
/// <c>techSupport</c>, <c>logisticsSupport</c>, <c>qualityMonitor</c>, <c>staff</c>, <c>supervisor</c>,
/// <c>csManager</c>, <c>departmentHead</c>, <c>deputyGeneralManager</c>, <c>generalManager</c>); superior (a person
/// id, null at the top); the CaseFlow user they sign in as; email; phone; reserve pool membership (<c>partTime</c>,
/// <c>outsourced</c>, or null); active; the revision read (optional: a stale one answers 409).
/// </summary>
public sealed record SavePersonRequest(
    string? Name, string? DepartmentId, string? Position, string? SuperiorId, string? UserName, string? Email, string? Phone, string? Reserve, bool? Active, long? Revision, bool? Certified = null);

public sealed record DepartmentDto
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public OrganisationLayer Layer { get; init; }
    public string? HeadId { get; init; }
    public string? HeadName { get; init; }
    public int ActiveMembers { get; init; }
    public bool Active { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Revision { get; init; }
}

public record PersonDto
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? DepartmentId { get; init; }
    public Position Position { get; init; }
    public string? SuperiorId { get; init; }
    public string? UserName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public ReserveKind? Reserve { get; init; }

    /// <summary>Holds the service certificate a service window needs.</summary>
    public bool Certified { get; init; }

    public bool Active { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Revision { get; init; }
}

/// <summary>A person with their escalation chain (active superiors, nearest first) and the people who report to them.</summary>
public sealed record PersonDetailsDto : PersonDto
{
    public IReadOnlyList<PersonDto> Superiors { get; init; } = [];
    public IReadOnlyList<PersonDto> DirectReports { get; init; } = [];
}

/// <summary>A service window: name, the channel it serves, the people (ids) who staff it, active; the revision read (optional).</summary>
public sealed record SaveServiceWindowRequest(string? Name, string? Channel, IReadOnlyList<string>? AgentIds, bool? Active, long? Revision);

/// <summary>A service window with its staffing: certified, active agents against the minimum, and the warning when short.</summary>
public sealed record ServiceWindowDto(string Id, string Name, string? Channel, IReadOnlyList<string> AgentIds, bool Active, int CertifiedAgents, int MinimumCertifiedAgents, string? StaffingWarning, DateTimeOffset UpdatedAt, string? UpdatedBy, long Revision);
