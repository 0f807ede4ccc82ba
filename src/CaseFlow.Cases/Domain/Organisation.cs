namespace CaseFlow.Cases.Domain;

/// <summary>The emergency plan's four layers of the organisation ([000 §2.1]).</summary>
public enum OrganisationLayer
{
    /// <summary>The general manager: sets the plan's goals, approves it, commands.</summary>
    Leadership,

    /// <summary>Department heads: their department's plan, its implementation and supervision.</summary>
    Management,

    /// <summary>Every employee of the service centre: executes, detects and reports.</summary>
    Execution,

    /// <summary>Finance, HR, legal...: resources and support.</summary>
    Collaboration,
}

/// <summary>
/// A department (customer service, technical support, logistics, finance, HR, legal...). The list is configuration
/// (<c>CaseFlow:Organisation:Departments</c>), created on start-up and managed over the API afterwards.
/// </summary>
public sealed class Department
{
    /// <summary>A short, stable key (<c>customer-service</c>): tasks and workflows name departments by it.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }
    public OrganisationLayer Layer { get; set; } = OrganisationLayer.Execution;

    /// <summary>The person who heads it: department tasks without an owner go to them.</summary>
    public string? HeadId { get; set; }

    /// <summary>A department no longer in use stays for the history that names it, but takes no new work.</summary>
    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Revision { get; set; }
}

/// <summary>A person's position; the usual superior chain runs agent → supervisor → CS manager → department head → GM.</summary>
public enum Position
{
    Agent,
    TechSupport,
    LogisticsSupport,
    QualityMonitor,
    Staff,
    Supervisor,
    CsManager,
    DepartmentHead,
    DeputyGeneralManager,
    GeneralManager,
}

/// <summary>A member of the staff reserve pool ([000 §6.1.2]): called on when the regular team cannot cope.</summary>
public enum ReserveKind
{
    PartTime,
    Outsourced,
}

/// <summary>
/// Someone in the organisation: their department, position and superior (the next level up for escalations), and,
/// when they sign in, their user name. Reserve-pool members carry <see cref="Reserve"/>.
/// </summary>
public sealed class Person
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? DepartmentId { get; set; }
    public Position Position { get; set; } = Position.Agent;

    /// <summary>The next level up; null for the top (the general manager).</summary>
    public string? SuperiorId { get; set; }

    /// <summary>The CaseFlow user this person signs in as, if any (tasks assigned to the person go to this user).</summary>
    public string? UserName { get; set; }

    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>Set for the staff reserve pool (part-time, outsourced); null for regular staff.</summary>
    public ReserveKind? Reserve { get; set; }

    /// <summary>Someone who left stays for the history that names them, but receives no new work or escalations.</summary>
    /// <summary>Holds the service certificate an agent needs to staff a service window ([002 §6.1]).</summary>
    public bool Certified { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Revision { get; set; }
}

/// <summary>
/// A service window ([002 §6.1]): a line of service customers reach (a hotline queue, the online chat, a counter),
/// staffed by named agents. Fewer certified, active agents than the minimum (2) raises a staffing warning (Q8).
/// </summary>
public sealed class ServiceWindow
{
    /// <summary>A short, stable key (<c>hotline</c>).</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The channel it serves (phone, email, online, social, in person...).</summary>
    public string? Channel { get; set; }

    /// <summary>The people (ids) who staff it.</summary>
    public List<string> AgentIds { get; set; } = [];

    public bool Active { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public long Revision { get; set; }
}
