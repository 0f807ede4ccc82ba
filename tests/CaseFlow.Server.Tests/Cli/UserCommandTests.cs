using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Cli;

/// <summary>Production has no default users or passwords: <c>caseflow users add</c> creates the ones who sign in.</summary>
[Collection(HostCollection.Name)]
public partial class UserCommandTests
{
    [Fact]
    public async Task UsersAdd_CreatesAUserWhoSignsInToAProductionServer_WhichHasNoDemoUsers()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");

        var added = await CaseFlowProcess.RunAsync("users", "add", "clerk", "--role", "Agent", "--role", "Supervisor", "--data", data);
        var again = await CaseFlowProcess.RunAsync("users", "add", "clerk", "--role", "Agent", "--data", data);
        var wizard = await CaseFlowProcess.RunAsync("users", "add", "merlin", "--role", "Wizard", "--data", data);

        Assert.Equal(0, added.ExitCode);
        var password = Password().Match(added.StandardOutput).Groups[1].Value;
        Assert.NotEmpty(password);
        Assert.Equal((2, true), (again.ExitCode, again.StandardError.Contains("already exists", StringComparison.Ordinal)));
        Assert.Equal((2, true), (wizard.ExitCode, wizard.StandardError.Contains("unknown role 'Wizard'", StringComparison.Ordinal)));

        using var server = ServerProcess.Start(data, dir.Sub("workflows"));
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        var url = Listening().Match(server.Output).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.DoesNotContain("Demo logins", server.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "Test-Password-42" })).StatusCode);
        var token = await http.PostAsJsonAsync("/api/auth/token", new { username = "clerk", password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex Password();

    [GeneratedRegex(@"CaseFlow listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
