using System.CommandLine;
using CaseFlow.Cases.Domain;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Identity;

namespace CaseFlow.Server.Cli;

/// <summary>
/// <c>caseflow users add NAME --role ROLE</c>: how production gets its users (it has no default password); and
/// <c>password</c>, <c>roles</c>, <c>lock</c>, <c>unlock</c>. A new password, new roles and a lock renew the user's
/// security stamp, which ends every cookie and bearer token issued before (a running server sees it on the next request).
/// </summary>
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
        return new Command("users", "Manage the users who sign in.") { add, CreatePassword(), CreateRoles(), CreateLock(), CreateUnlock() };
    }

    private static Command CreatePassword()
    {
        var name = new Argument<string>("name") { Description = "The user." };
        var password = new Option<string?>("--password") { Description = "The new password; generated and printed when omitted." };
        var data = CliHost.DataOption();
        var command = new Command("password", "Set a user's password; ends the user's sessions.") { name, password, data };
        command.SetAction((result, cancellationToken) => WithUserAsync("users password", result.GetValue(name)!, result.GetValue(data), async (users, user) =>
        {
            var generated = result.GetValue(password) is null;
            var value = result.GetValue(password) ?? DemoUsers.Generate();
            foreach (var validator in users.PasswordValidators)
            {
                var valid = await validator.ValidateAsync(users, user, value);
                if (!valid.Succeeded)
                    return CliHost.Fail("users password", string.Join("; ", valid.Errors.Select(e => e.Description)));
            }

            DemoUsers.Check(await users.RemovePasswordAsync(user), user.UserName!);
            DemoUsers.Check(await users.AddPasswordAsync(user, value), user.UserName!);
            Console.Out.WriteLine($"password of {user.UserName} changed; their sessions ended");
            if (generated)
                Console.Out.WriteLine($"password: {value}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRoles()
    {
        var name = new Argument<string>("name") { Description = "The user." };
        var roles = new Option<string[]>("--role") { Description = $"A role ({string.Join(", ", Roles.All)}); repeat for several. The user ends with exactly these.", AllowMultipleArgumentsPerToken = false, Required = true };
        var data = CliHost.DataOption();
        var command = new Command("roles", "Set a user's roles; ends the user's sessions.") { name, roles, data };
        command.SetAction((result, cancellationToken) =>
        {
            var wanted = result.GetValue(roles) ?? [];
            var unknown = wanted.Where(r => !Roles.All.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            if (wanted.Length == 0 || unknown.Count > 0)
                return Task.FromResult(CliHost.Fail("users roles", $"unknown role '{string.Join("', '", unknown)}': use {string.Join(", ", Roles.All)}"));
            return WithUserAsync("users roles", result.GetValue(name)!, result.GetValue(data), async (users, user) =>
            {
                var target = wanted.Select(r => Roles.All.First(k => string.Equals(k, r, StringComparison.OrdinalIgnoreCase))).ToHashSet(StringComparer.Ordinal);
                var current = await users.GetRolesAsync(user);
                var remove = current.Where(r => !target.Contains(r)).ToList();
                var add = target.Where(r => !current.Contains(r)).ToList();
                if (remove.Count > 0)
                    DemoUsers.Check(await users.RemoveFromRolesAsync(user, remove), user.UserName!);
                if (add.Count > 0)
                    DemoUsers.Check(await users.AddToRolesAsync(user, add), user.UserName!);

                // Tokens carry the roles they were issued with: a new stamp makes them sign in again for the new ones.
                DemoUsers.Check(await users.UpdateSecurityStampAsync(user), user.UserName!);
                Console.Out.WriteLine($"{user.UserName}: {string.Join(", ", target.Order(StringComparer.Ordinal))}; their sessions ended");
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateLock()
    {
        var name = new Argument<string>("name") { Description = "The user." };
        var data = CliHost.DataOption();
        var command = new Command("lock", "Lock a user out until unlocked; ends the user's sessions.") { name, data };
        command.SetAction((result, cancellationToken) => WithUserAsync("users lock", result.GetValue(name)!, result.GetValue(data), async (users, user) =>
        {
            DemoUsers.Check(await users.SetLockoutEnabledAsync(user, true), user.UserName!);
            DemoUsers.Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue), user.UserName!);
            DemoUsers.Check(await users.UpdateSecurityStampAsync(user), user.UserName!);
            Console.Out.WriteLine($"{user.UserName} locked; their sessions ended");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateUnlock()
    {
        var name = new Argument<string>("name") { Description = "The user." };
        var data = CliHost.DataOption();
        var command = new Command("unlock", "Let a locked user sign in again.") { name, data };
        command.SetAction((result, cancellationToken) => WithUserAsync("users unlock", result.GetValue(name)!, result.GetValue(data), async (users, user) =>
        {
            DemoUsers.Check(await users.SetLockoutEndDateAsync(user, null), user.UserName!);
            Console.Out.WriteLine($"{user.UserName} unlocked");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> WithUserAsync(string verb, string name, string? data, Func<UserManager<CaseFlowUser>, CaseFlowUser, Task<int>> action, CancellationToken cancellationToken)
    {
        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CaseFlowUser>>();
        if (await users.FindByNameAsync(name.Trim()) is not { } user)
            return CliHost.Fail(verb, $"no user '{name}'");
        return await action(users, user);
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
