using System.Text.Json.Nodes;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Cli;

/// <summary>The verbs that work on the database: import, export, instances, events, timers.</summary>
public class DatabaseCommandTests
{
    [Fact]
    public async Task ImportStartPublishShow_RunAnInstanceToTheEnd_ThroughTheDatabase()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");
        var workflows = DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-event.json", "ping-trigger.json");

        var imported = await CaseFlowProcess.RunAsync("import", workflows, "--data", data);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("created   crash-event.json: crash-event v1", imported.StandardOutput, StringComparison.Ordinal);
        var again = await CaseFlowProcess.RunAsync("import", workflows, "--data", data);
        Assert.Contains("0 created, 0 updated, 2 unchanged, 0 errors", again.StandardOutput, StringComparison.Ordinal);

        var started = await CaseFlowProcess.RunAsync("instances", "start", "crash-event", "--count", "2", "--correlation", "case-7", "--input", "Note=hello", "--data", data);
        Assert.Equal(0, started.ExitCode);
        var ids = started.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, ids.Length);

        var suspended = await CaseFlowProcess.RunAsync("instances", "list", "--status", "Suspended", "--data", data);
        Assert.All(ids, id => Assert.Contains($"{id}  crash-event v1  Running/Suspended  case-7", suspended.StandardOutput, StringComparison.Ordinal));

        var published = await CaseFlowProcess.RunAsync("events", "publish", "Go", "--correlation", "case-7", "--payload", "{\"ok\":true}", "--data", data);
        Assert.Equal(0, published.ExitCode);
        Assert.Contains("Go: resumed 2 instance(s), started 0", published.StandardOutput, StringComparison.Ordinal);

        // The resumed instances now wait on a one-second Delay; nobody runs a server, so fire it by hand.
        await Task.Delay(1200);
        var fired = await CaseFlowProcess.RunAsync("timers", "fire-due", "--data", data);
        Assert.Contains("fired 2 timer(s)", fired.StandardOutput, StringComparison.Ordinal);

        var show = await CaseFlowProcess.RunAsync("instances", "show", ids[0], "--json", "--data", data);
        Assert.Equal(0, show.ExitCode);
        var json = JsonNode.Parse(show.StandardOutput)!;
        Assert.Equal("Finished", json["subStatus"]!.GetValue<string>());
        Assert.Equal(["waiting", "got event", "done 1"], json["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Contains(json["journal"]!.AsArray(), j => j!["activityId"]!.GetValue<string>() == "go" && j["eventName"]!.GetValue<string>() == "Resumed");

        var text = await CaseFlowProcess.RunAsync("instances", "show", ids[1], "--data", data);
        Assert.Contains("Finished/Finished", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("journal (", text.StandardOutput, StringComparison.Ordinal);

        var trigger = await CaseFlowProcess.RunAsync("events", "publish", "Ping", "--data", data);
        Assert.Contains("Ping: resumed 0 instance(s), started 1", trigger.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WritesStableFiles_ThatImportAsUnchanged()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");
        Assert.Equal(0, (await CaseFlowProcess.RunAsync("import", DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-delay.json", "two-branches.json"), "--data", data)).ExitCode);

        var exported = dir.Sub("exported");
        var first = await CaseFlowProcess.RunAsync("export", exported, "--data", data);
        Assert.Equal(0, first.ExitCode);
        var files = Directory.GetFiles(exported).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["crash-delay.json", "two-branches.json"], files.Select(Path.GetFileName));
        var bytes = files.Select(File.ReadAllBytes).ToList();
        Assert.Contains("\n  \"definitionId\": \"crash-delay\"", File.ReadAllText(files[0]), StringComparison.Ordinal);

        var second = await CaseFlowProcess.RunAsync("export", exported, "--data", data);
        Assert.Contains("0 files written", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(bytes, files.Select(File.ReadAllBytes));

        var reimported = await CaseFlowProcess.RunAsync("import", exported, "--data", data);
        Assert.Contains("0 created, 0 updated, 2 unchanged, 0 errors", reimported.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "instances", "start", "crash-delay", "--count", "0")]
    [InlineData(2, "instances", "start", "crash-delay", "--input", "no-equals-sign")]
    [InlineData(1, "instances", "start", "no-such-definition")]
    [InlineData(2, "instances", "list", "--status", "Sleeping")]
    [InlineData(1, "instances", "show", "no-such-instance")]
    [InlineData(2, "events", "publish", "Go", "--payload", "{not json")]
    [InlineData(2, "import", "/no/such/folder")]
    [InlineData(1, "instances", "start")]
    public async Task BadInput_PrintsAMessage_AndExitsNonZero(int exitCode, params string[] args)
    {
        using var dir = new TempDirectory();
        var result = await CaseFlowProcess.RunAsync([.. args, "--data", dir.Path]);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(result.StandardError));
    }

    [Fact]
    public async Task DataDirectory_ComesFromTheEnvironment_WhenNoOptionIsGiven()
    {
        using var dir = new TempDirectory();
        var result = await CaseFlowProcess.RunWithEnvironmentAsync(new Dictionary<string, string> { ["CaseFlow__DataDirectory"] = dir.Path }, "instances", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0 instance(s)", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "caseflow.db")));
    }
}
