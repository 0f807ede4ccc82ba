using CaseFlow.Cases.Domain;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>A department created on start-up when missing (renaming or deactivating it later is done over the API).</summary>
public sealed class DepartmentSeed
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public OrganisationLayer Layer { get; set; } = OrganisationLayer.Execution;
}

/// <summary>The organisation's configuration (<c>CaseFlow:Organisation</c>).</summary>
public sealed class OrganisationOptions
{
    public const string SectionName = "CaseFlow:Organisation";

    /// <summary>The departments of the emergency plan ([000 §2.1.2, §2.1.4]) and the centre's management.</summary>
    public static readonly IReadOnlyList<DepartmentSeed> DefaultDepartments =
    [
        new() { Id = "management", Name = "Service centre management", Layer = OrganisationLayer.Leadership },
        new() { Id = "customer-service", Name = "Customer service", Layer = OrganisationLayer.Execution },
        new() { Id = "tech-support", Name = "Technical support", Layer = OrganisationLayer.Execution },
        new() { Id = "logistics", Name = "Logistics and delivery", Layer = OrganisationLayer.Execution },
        new() { Id = "quality", Name = "Quality monitoring", Layer = OrganisationLayer.Execution },
        new() { Id = "finance", Name = "Finance", Layer = OrganisationLayer.Collaboration },
        new() { Id = "hr", Name = "Human resources", Layer = OrganisationLayer.Collaboration },
        new() { Id = "legal", Name = "Legal", Layer = OrganisationLayer.Collaboration },
    ];

    /// <summary>Departments to create when missing; null (not configured) means <see cref="DefaultDepartments"/>.</summary>
    public DepartmentSeed[]? Departments { get; set; }

    public IReadOnlyList<DepartmentSeed> EffectiveDepartments => Departments ?? DefaultDepartments;

    /// <summary>How many certified, active agents a service window needs before it raises no staffing warning (2; [002 §6.1]).</summary>
    public int MinimumCertifiedAgents { get; set; } = 2;
}
