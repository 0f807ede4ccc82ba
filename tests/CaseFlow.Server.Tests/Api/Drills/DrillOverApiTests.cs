using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api.Drills;

/// <summary>
/// A system-failure drill planned and worked to its close over the HTTP API alone, on the host <c>Program</c> builds
/// with the shipped workflows: preparation, the scenario's steps, the real plan run in drill mode beside them, the
/// evaluation, the summary and the report to the leadership.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DrillOverApiTests : IDisposable
{
    private static readonly TimeSpan Patience = TaskApi.Patience;
    private readonly TempDirectory _temp = new();
    private readonly ProgramHost _server;

    public DrillOverApiTests() => _server = ProgramHost.Start(_temp.Sub("data"), RepositoryPaths.Workflows);

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task ADrill_IsPlannedPreparedRunEvaluatedSummarisedAndReported_UsingOnlyTheApi()
    {
        using var manager = await _server.ClientAsync("manager");
        using var agent = await _server.ClientAsync("agent");
        using var supervisor = await _server.ClientAsync("supervisor");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/drills", new { scenario = "system-failure" })).StatusCode);
        var planned = await manager.PostAsJsonAsync("/api/drills", new { scenario = "system-failure", kind = "live", description = "Spring drill: the CRM goes down." });
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var drill = await CaseApi.JsonAsync(planned);
        var id = drill.Text("id");
        Assert.True(drill.GetProperty("runPlan").GetBoolean());

        var unprepared = await TaskApi.TryCompleteAsync(manager, id, "mine", "prepare", "Ready", new { place = "Training room 2", participants = "Shift A", plan = "Pull the CRM at 09:30." });
        Assert.Equal(HttpStatusCode.BadRequest, unprepared.StatusCode);
        Assert.Contains("data.drillTime", await unprepared.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await TaskApi.CompleteAsync(manager, id, "mine", "prepare", "Ready", new { drillTime = "2026-12-10", place = "Training room 2", participants = "Shift A", plan = "Pull the CRM at 09:30." });
        await TaskApi.CompleteAsync(agent, id, "available", "reportToCommand", "Reported", new { report = "Simulated: the CRM does not load." });
        await TaskApi.CompleteAsync(manager, id, "mine", "activatePlan", "Activated", new { });
        await TaskApi.CompleteAsync(agent, id, "available", "sfSwitchChannels", "Done", new { channelsUsed = "SMS and email." });
        await TaskApi.CompleteAsync(supervisor, id, "all", "sfRestore", "Restored", new { cause = "Simulated; failed over." });
        await TaskApi.CompleteAsync(agent, id, "available", "resumeWork", "Resumed", new { });
        await TaskApi.CompleteAsync(manager, id, "mine", "evaluate", "Evaluated", new { practicality = "Workable.", responseCapability = "Quick.", serviceQuality = "Held.", problems = "No SMS template." });
        await TaskApi.CompleteAsync(manager, id, "mine", "summarise", "Done", new { meeting = "Held with all participants.", rectifications = "Write the SMS template.", proposeRevision = false });

        JsonElement details = default;
        await Wait.UntilAsync(async () => (details = await CaseApi.GetJsonAsync(manager, $"/api/drills/{drill.Text("number")}")).Text("status") == "Closed", Patience, "the drill was closed");
        Assert.Contains("Rectification items: Write the SMS template.", details.Text("report"), StringComparison.Ordinal);
        Assert.Equal(4, details.GetProperty("milestones").GetArrayLength());
        Assert.Contains(details.GetProperty("steps").EnumerateArray(), s => s.Text("activityId") == "sfRestore" && s.Text("doneBy") == "supervisor");

        // The plan's run is a drill emergency: not among the real ones, listed with the drills.
        var planRun = details.Text("planRunId");
        Assert.DoesNotContain((await CaseApi.GetJsonAsync(manager, "/api/emergencies")).GetProperty("items").EnumerateArray(), e => e.Text("id") == planRun);
        Assert.Contains((await CaseApi.GetJsonAsync(manager, "/api/emergencies?drills=true")).GetProperty("items").EnumerateArray(), e => e.Text("id") == planRun);
        Assert.Contains((await CaseApi.GetJsonAsync(agent, "/api/drills")).GetProperty("items").EnumerateArray(), d => d.Text("id") == id);
        var timeline = (await CaseApi.GetJsonAsync(manager, $"/api/cases/{id}")).GetProperty("timeline").EnumerateArray().Select(t => t.Text("title")).ToList();
        Assert.Contains("Drill summary report sent to the leadership", timeline);
    }

    [Fact]
    public async Task PlanningADrill_WithAnUnknownScenario_IsAProblemNamingTheField()
    {
        using var manager = await _server.ClientAsync("manager");

        var response = await manager.PostAsJsonAsync("/api/drills", new { scenario = "flood", kind = "rehearsal" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await CaseApi.JsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("scenario", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/api/drills?year=twenty")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/drills/CF-0000-000000")).StatusCode);
    }
}
