using System.Net;
using System.Net.Http.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api.Schedules;

/// <summary>The schedules over HTTP: listed with their next occurrence, changed, run by hand; bad input refused by name.</summary>
[Collection(HostCollection.Name)]
public sealed class ScheduleEndpointsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ProgramHost _server;

    public ScheduleEndpointsTests() => _server = ProgramHost.Start(_temp.Sub("data"), RepositoryPaths.Workflows);

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task AManager_ListsChangesAndRunsASchedule_AndABadCronIsAProblemNamingTheField()
    {
        using var manager = await _server.ClientAsync("manager");
        using var supervisor = await _server.ClientAsync("supervisor");

        var list = await CaseApi.GetJsonAsync(supervisor, "/api/schedules");
        var ids = list.EnumerateArray().Select(s => s.Text("id")).ToList();
        Assert.Contains("drills", ids);
        Assert.Contains("plan-review", ids);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PutAsJsonAsync("/api/schedules/drills", new { enabled = false })).StatusCode);

        var bad = await manager.PutAsJsonAsync("/api/schedules/drills", new { cron = "every tuesday", missedOccurrences = "sometimes" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await CaseApi.JsonAsync(bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cron", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("missedOccurrences", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PutAsJsonAsync("/api/schedules/nope", new { enabled = false })).StatusCode);

        var changed = await manager.PutAsJsonAsync("/api/schedules/drills", new { cron = "0 9 15 3,9 *", missedOccurrences = "skip" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var schedule = await CaseApi.JsonAsync(changed);
        Assert.Equal(("0 9 15 3,9 *", "Skip", "manager"), (schedule.Text("cron"), schedule.Text("missedOccurrences"), schedule.Text("updatedBy")));

        var run = await manager.PostAsync("/api/schedules/drills/run", null);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        Assert.StartsWith("drill CF-", (await CaseApi.JsonAsync(run)).Text("detail"), StringComparison.Ordinal);
        Assert.Equal(1, (await CaseApi.GetJsonAsync(manager, "/api/drills")).GetProperty("total").GetInt32());
    }
}
