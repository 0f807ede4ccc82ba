using System.Text.Json.Nodes;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Cli;

public class RunCommandTests
{
    private static JsonObject Json(ProcessResult result) => JsonNode.Parse(result.StandardOutput)!.AsObject();

    private static string[] Lines(JsonObject json) => json["lines"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Run_PrintsFinishedStatusLinesAndOutput_WhenWorkflowCompletes()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("greet.json"), "--input", "Name=Li", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = Json(result);
        Assert.Equal("Finished", json["status"]!.GetValue<string>());
        Assert.Equal("Finished", json["subStatus"]!.GetValue<string>());
        Assert.Equal(["Li"], Lines(json));
        Assert.True(json["output"]!["Greeted"]!.GetValue<bool>());
        Assert.Empty(json["bookmarks"]!.AsArray());
        Assert.Empty(json["incidents"]!.AsArray());
    }

    [Fact]
    public async Task Run_ReportsSuspendedWithEventBookmark_WhenWorkflowWaitsForAnEvent()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("wait-for-approval.json"), "--json", "--resume-timers");

        Assert.Equal(0, result.ExitCode);
        var json = Json(result);
        Assert.Equal("Running", json["status"]!.GetValue<string>());
        Assert.Equal("Suspended", json["subStatus"]!.GetValue<string>());
        Assert.Equal(["Submitted"], Lines(json));
        var bookmark = Assert.Single(json["bookmarks"]!.AsArray())!;
        Assert.Equal("Elsa.Event", bookmark["name"]!.GetValue<string>());
        Assert.Equal("Approved", bookmark["payload"]!["eventName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_StaysSuspendedOnDelays_WithoutResumeTimers()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("reminders.json"), "--json");

        var json = Json(result);
        Assert.Equal("Suspended", json["subStatus"]!.GetValue<string>());
        Assert.Empty(Lines(json));
        Assert.All(json["bookmarks"]!.AsArray(), b => Assert.Equal("Elsa.Delay", b!["name"]!.GetValue<string>()));
        Assert.Equal(2, json["bookmarks"]!.AsArray().Count);
    }

    [Fact]
    public async Task Run_FiresTimersInDueTimeOrder_WithResumeTimers()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("reminders.json"), "--resume-timers", "--json");

        var json = Json(result);
        Assert.Equal("Finished", json["subStatus"]!.GetValue<string>());
        Assert.Equal(["after 5 minutes", "after 1 hour"], Lines(json));
    }

    [Fact]
    public async Task Run_RunsChildWorkflowsFromTheWorkflowsFolder_AndResumesTheParent()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("parent.json"), "--workflows", CaseFlowProcess.Workflow("children"), "--resume-timers", "--json");

        var json = Json(result);
        Assert.Equal("Finished", json["subStatus"]!.GetValue<string>());
        Assert.Equal(["Parent before", "Child working", "Child done", "Parent after"], Lines(json));
    }

    [Fact]
    public async Task Run_ReportsTheIncidentAndExitsWithOne_WhenAnActivityFaults()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("broken.json"), "--json");

        Assert.Equal(1, result.ExitCode);
        var json = Json(result);
        Assert.Equal("Finished", json["status"]!.GetValue<string>());
        Assert.Equal("Faulted", json["subStatus"]!.GetValue<string>());
        Assert.Equal(["Before fault"], Lines(json));
        var incident = Assert.Single(json["incidents"]!.AsArray())!;
        Assert.Equal("boom", incident["activityId"]!.GetValue<string>());
        Assert.Contains("Customer record is locked", incident["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PrintsLinesAndASummary_WithoutJson()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("wait-for-approval.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Submitted", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Suspended", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Elsa.Event", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExitsWithTwoAndNamesTheProblem_WhenTheFileIsMalformed()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("malformed.json"), "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid JSON at line 1", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Run_ExitsWithTwo_WhenTheFileDoesNotExist()
    {
        var result = await CaseFlowProcess.RunAsync("run", "no-such-file.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExitsWithTwo_WhenAnInputIsNotNameEqualsValue()
    {
        var result = await CaseFlowProcess.RunAsync("run", CaseFlowProcess.Workflow("greet.json"), "--input", "Li");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("NAME=VALUE", result.StandardError, StringComparison.Ordinal);
    }
}
