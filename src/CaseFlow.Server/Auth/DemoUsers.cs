using System.Security.Cryptography;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using Microsoft.AspNetCore.Identity;

namespace CaseFlow.Server.Auth;

/// <summary>
/// The demo logins (Development, or <c>--demo</c>): admin, owner, agent, agent2, supervisor, manager, head (the
/// customer-service department head) and gm (the general manager), all with
/// <c>CaseFlow:DemoPassword</c> or, when unset, a password generated at start-up and printed. Production has no
/// default password: <c>caseflow users add</c> creates users.
/// </summary>
public static class DemoUsers
{
    public const string PasswordKey = "CaseFlow:DemoPassword";
    public const string DemoKey = "CaseFlow:Demo";

    public static readonly IReadOnlyList<(string Name, string[] Roles)> All =
    [
        ("admin", [CaseRoles.Admin]),
        ("owner", [CaseRoles.ProcessOwner]),
        ("agent", [CaseRoles.Agent]),
        ("agent2", [CaseRoles.Agent]),
        ("supervisor", [CaseRoles.Supervisor]),
        ("manager", [CaseRoles.Manager]),
        ("head", [CaseRoles.Supervisor, CaseRoles.Manager]),
        ("gm", [CaseRoles.Manager]),
    ];

    public static bool Enabled(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment() || string.Equals(configuration[DemoKey], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates the roles and the demo users, or sets their password to this run's (when it differs); returns the password.</summary>
    public static async Task<string> EnsureAsync(IServiceProvider services, IConfiguration configuration)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CaseFlowUser>>();
        await Roles.EnsureAsync(scope.ServiceProvider);
        var password = configuration[PasswordKey] is { Length: > 0 } configured ? configured : Generate();
        foreach (var (name, roles) in All)
        {
            var user = await users.FindByNameAsync(name);
            if (user is null)
            {
                user = new CaseFlowUser { UserName = name, DisplayName = name };
                Check(await users.CreateAsync(user, password), name);
            }
            else if (!await users.CheckPasswordAsync(user, password))
            {
                // A new password renews the security stamp (ending the user's sessions): only when it did change,
                // so a restart with the same demo password keeps everyone signed in.
                Check(await users.RemovePasswordAsync(user), name);
                Check(await users.AddPasswordAsync(user, password), name);
            }

            foreach (var role in roles)
            {
                if (!await users.IsInRoleAsync(user, role))
                    Check(await users.AddToRoleAsync(user, role), name);
            }
        }

        return password;
    }

    public static string Generate() =>
        "Demo-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', 'x').Replace('/', 'y') + "-7a";

    internal static void Check(IdentityResult result, string user)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"User {user}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}

/// <summary>CaseFlow's roles exist in every database.</summary>
public static class Roles
{
    public static readonly IReadOnlyList<string> All = [CaseRoles.Admin, CaseRoles.ProcessOwner, CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager];

    public static async Task EnsureAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in All)
        {
            if (!await roles.RoleExistsAsync(role))
                DemoUsers.Check(await roles.CreateAsync(new IdentityRole(role)), role);
        }
    }
}
