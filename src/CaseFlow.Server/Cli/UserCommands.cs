using System.CommandLine;
using CaseFlow.Cases.Domain;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Identity;

namespace CaseFlow.Server.Cli;

/// <summary><c>caseflow users add NAME --role ROLE</c>: how production gets its users (it has no default password).</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The user name to sign in with." };
        var roles = new Option<string[]>("--role") { Description = $"A role ({string.Join(", ", Roles.All)}); repeat for several.", AllowMultipleArgumentsPerToken = false, Required = true };
        var password = new Option<string?>("--password") { Description = "The password (at least 10 characters, upper and lower case and a digit); generated and printed when omitted." };
        var data = CliHost.DataOption();
        var add = new Command("add", "Create a user with one or more roles; prints the password when it was generated.") { name, roles, password, data };
        add.SetAction((result, cancellationToken) => AddAsync(result.GetValue(name)!, result.GetValue(roles) ?? [], result.GetValue(password), result.GetValue(data), cancellationToken));
        return new Command("users", "Manage the users who sign in.") { add };
    }

    private static async Task<int> AddAsync(string name, string[] roles, string? password, string? data, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
            return CliHost.Fail("users add", "the user name is empty");
        var unknown = roles.Where(r => !Roles.All.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (roles.Length == 0 || unknown.Count > 0)
            return CliHost.Fail("users add", $"unknown role '{string.Join("', '", unknown)}': use {string.Join(", ", Roles.All)}");

        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        await Roles.EnsureAsync(scope.ServiceProvider);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CaseFlowUser>>();
        if (await users.FindByNameAsync(name.Trim()) is not null)
            return CliHost.Fail("users add", $"user '{name}' already exists");
        var generated = password is null;
        password ??= DemoUsers.Generate();
        var user = new CaseFlowUser { UserName = name.Trim(), DisplayName = name.Trim() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return CliHost.Fail("users add", string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles.Select(r => Roles.All.First(k => string.Equals(k, r, StringComparison.OrdinalIgnoreCase))).Distinct())
            DemoUsers.Check(await users.AddToRoleAsync(user, role), name);
        Console.Out.WriteLine($"created {user.UserName} ({string.Join(", ", roles)})");
        if (generated)
            Console.Out.WriteLine($"password: {password}");
        return 0;
    }
}
