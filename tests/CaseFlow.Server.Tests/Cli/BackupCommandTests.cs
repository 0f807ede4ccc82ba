using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Cli;

/// <summary>
/// <c>caseflow backup</c> copies the SQLite database while the server runs and writes to it, and the documented
/// restore (stop, copy the folder into a data folder, start) brings back the cases, the users and their sessions.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BackupCommandTests
{
    private static readonly Dictionary<string, string> Demo = new() { ["CaseFlow__Demo"] = "true", ["CaseFlow__DemoPassword"] = "Backup-Password-42" };

    [Fact]
    public async Task ABackupTakenWhileTheServerWorks_RestoresIntoAServerThatKnowsTheCaseAndTheSession()
    {
        using var dir = new TempDirectory("caseflow-backup");
        var data = dir.Sub("data");
        string caseNumber;
        string caseId;
        string token;
        using (var server = ServerProcess.Start(data, RepositoryPaths.Workflows, Demo))
        {
            await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
            using var http = Client(server, out _);
            token = await TokenAsync(http);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var filed = await (await http.PostAsJsonAsync("/api/cases", new { type = "complaint", channel = "phone", customer = new { name = "Li Wei", phone = "+1 555 0101010" }, description = "Backed up." })).Content.ReadFromJsonAsync<JsonElement>();
            caseId = filed.GetProperty("id").GetString()!;
            caseNumber = filed.GetProperty("number").GetString()!;

            // More complaints go in while the backup runs: the copy is one moment's, whole.
            var writing = Task.WhenAll(Enumerable.Range(0, 20).Select(i => http.PostAsJsonAsync("/api/cases", new { type = "complaint", channel = "phone", customer = new { name = $"Writer {i}", phone = $"+1 555 02{i:D5}" }, description = "During the backup." })));
            var backup = await CaseFlowProcess.RunAsync("backup", dir.Sub("backup"), "--data", data);
            await writing;

            Assert.True(backup.ExitCode == 0, backup.StandardError);
            Assert.Contains("integrity ok", backup.StandardOutput, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir.Sub("backup"), "auth-signing.key")), "the sign-in key goes with the database");
        }

        // The restore, as the README says: a (new) data folder with the backup's files, then start.
        var restored = dir.Sub("restored");
        foreach (var file in Directory.EnumerateFiles(dir.Sub("backup")))
            File.Copy(file, Path.Combine(restored, Path.GetFileName(file)));
        using (var server = ServerProcess.Start(restored, RepositoryPaths.Workflows, Demo))
        {
            await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
            using var http = Client(server, out _);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token); // signed before the backup

            var found = await http.GetAsync($"/api/cases/{caseId}");

            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            Assert.Equal(caseNumber, (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString());
        }
    }

    [Fact]
    public async Task Backup_RefusesANonEmptyFolder_AMissingDatabase_AndPostgres_WithTheReason()
    {
        using var dir = new TempDirectory("caseflow-backup");
        var full = dir.Sub("full");
        await File.WriteAllTextAsync(Path.Combine(full, "keep.txt"), "an earlier backup");

        var missing = await CaseFlowProcess.RunAsync("backup", dir.Sub("b1"), "--data", dir.Sub("no-data"));
        var notEmpty = await CaseFlowProcess.RunAsync("import", RepositoryPaths.Workflows, "--data", dir.Sub("data"));
        var refused = await CaseFlowProcess.RunAsync("backup", full, "--data", dir.Sub("data"));
        var postgres = await CaseFlowProcess.RunWithEnvironmentAsync(new Dictionary<string, string> { ["CaseFlow__Database__Provider"] = "Postgres" }, "backup", dir.Sub("b2"), "--data", dir.Sub("data"));

        Assert.Equal((2, true), (missing.ExitCode, missing.StandardError.Contains("there is no database at", StringComparison.Ordinal)));
        Assert.Equal(0, notEmpty.ExitCode);
        Assert.Equal((2, true), (refused.ExitCode, refused.StandardError.Contains("is not empty", StringComparison.Ordinal)));
        Assert.Equal("an earlier backup", await File.ReadAllTextAsync(Path.Combine(full, "keep.txt")));
        Assert.Equal((2, true), (postgres.ExitCode, postgres.StandardError.Contains("pg_dump", StringComparison.Ordinal)));
    }

    private static HttpClient Client(ServerProcess server, out Uri address)
    {
        address = new Uri(server.ListeningOn[0]);
        return new HttpClient { BaseAddress = address };
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { username = "agent", password = Demo["CaseFlow__DemoPassword"] });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
