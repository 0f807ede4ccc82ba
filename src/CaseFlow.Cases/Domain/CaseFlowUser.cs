using Microsoft.AspNetCore.Identity;

namespace CaseFlow.Cases.Domain;

/// <summary>A person who signs in: agents, supervisors, process owners, managers, admins (roles say which).</summary>
public sealed class CaseFlowUser : IdentityUser
{
    public string? DisplayName { get; set; }
}
