using System.Net;
using System.Text.Json;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Server.Tests.Api.Kpis;

/// <summary>The KPI endpoint over real HTTP, on a small dataset written straight into an otherwise empty database.</summary>
[Collection(HostCollection.Name)]
public sealed class KpiEndpointsTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset January = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(_temp.Sub("data"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheKpis_OfAKnownDataset_AreCountedAsDocumented()
    {
        var seed = new Seed(_server.Get<IDbContextFactory<CaseFlowDbContext>>());
        var customer = await seed.CustomerAsync();
        var firstContact = await seed.CaseAsync(customer, January.AddDays(2), category: "price", status: CaseStatus.Archived);
        var escalated = await seed.CaseAsync(customer, January.AddDays(3), channel: CaseChannel.Email, category: "price", status: CaseStatus.Resolved);
        var inquiry = await seed.CaseAsync(customer, January.AddDays(4), type: CaseType.Inquiry, category: "common", status: CaseStatus.InProgress);
        await seed.CaseAsync(customer, January.AddMonths(1), status: CaseStatus.Archived);
        await seed.TaskAsync(escalated, January.AddDays(3), candidateRole: CaseRoles.Supervisor, status: CaseTaskStatus.Completed);
        await seed.TaskAsync(inquiry, January.AddDays(4), dueAt: January.AddDays(9));
        await seed.AddAsync(
            Clock(firstContact, "complaint.firstResponse", SlaClockStatus.Met),
            Clock(escalated, "complaint.firstResponse", SlaClockStatus.Breached),
            Survey(firstContact, SurveyStatus.Answered, 5),
            Survey(escalated, SurveyStatus.Pending, null));
        using var manager = await _server.ClientAsync("manager");

        var kpis = await CaseApi.GetJsonAsync(manager, "/api/kpis?from=2025-01-01&to=2025-01-31");

        Assert.Equal(January, kpis.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(January.AddMonths(1), kpis.GetProperty("to").GetDateTimeOffset());
        var volume = kpis.GetProperty("volume");
        Assert.Equal(3, volume.GetProperty("total").GetInt32());
        Assert.Equal(["price:2", "common:1"], Counts(volume.GetProperty("byCategory")));
        Assert.Equal(["Phone:2", "Email:1", "Online:0", "Social:0"], Counts(volume.GetProperty("byChannel")));
        var sla = kpis.GetProperty("sla");
        Assert.Equal((1, 1, 0, 50.0), (sla.GetProperty("met").GetInt32(), sla.GetProperty("breached").GetInt32(), sla.GetProperty("running").GetInt32(), sla.GetProperty("metPercent").GetDouble()));
        Assert.Equal("complaint.firstResponse", sla.GetProperty("byClock")[0].Text("clock"));
        var fcr = kpis.GetProperty("firstContactResolution");
        Assert.Equal((2, 1, 50.0), (fcr.GetProperty("resolvedComplaints").GetInt32(), fcr.GetProperty("withoutEscalation").GetInt32(), fcr.GetProperty("percent").GetDouble()));
        var csat = kpis.GetProperty("csat");
        Assert.Equal((2, 1, 5.0, 100.0, 50.0), (csat.GetProperty("sent").GetInt32(), csat.GetProperty("answered").GetInt32(), csat.GetProperty("averageScore").GetDouble(), csat.GetProperty("satisfiedPercent").GetDouble(), csat.GetProperty("responseRatePercent").GetDouble()));
        var backlog = kpis.GetProperty("backlog");
        Assert.Equal((2, 1, 1), (backlog.GetProperty("openCases").GetInt32(), backlog.GetProperty("openTasks").GetInt32(), backlog.GetProperty("overdueTasks").GetInt32()));
        Assert.Equal(["New:0", "InProgress:1", "Escalated:0", "Resolved:1", "FollowUp:0"], Counts(backlog.GetProperty("openCasesByStatus")));
    }

    [Fact]
    public async Task TheKpis_DefaultToTheLast30Days_AndRefuseABackwardsPeriodBadDatesAndAgents()
    {
        using var supervisor = await _server.ClientAsync("supervisor");
        using var agent = await _server.ClientAsync("agent");

        var recent = await CaseApi.GetJsonAsync(supervisor, "/api/kpis");
        var backwards = await supervisor.GetAsync("/api/kpis?from=2025-02-01&to=2025-01-01");
        var badDates = await supervisor.GetAsync("/api/kpis?from=last-month&to=2025-02-30");
        var everything = await supervisor.GetAsync("/api/kpis?from=0001-01-01&to=9999-12-31");
        var sinceTheBeginning = await supervisor.GetAsync("/api/kpis?to=0001-01-02");
        var badDrills = await supervisor.GetAsync("/api/kpis?drills=maybe");
        var withDrills = await CaseApi.GetJsonAsync(supervisor, "/api/kpis?drills=true");

        Assert.Equal(TimeSpan.FromDays(30), recent.GetProperty("to").GetDateTimeOffset() - recent.GetProperty("from").GetDateTimeOffset());
        Assert.InRange(recent.GetProperty("to").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(0, recent.GetProperty("volume").GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, recent.GetProperty("sla").GetProperty("metPercent").ValueKind);
        Assert.Equal(["from"], await CaseApi.ErrorFieldsAsync(backwards));
        Assert.Equal(["from", "to"], (await CaseApi.ErrorFieldsAsync(badDates)).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, everything.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sinceTheBeginning.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/kpis")).StatusCode);
        Assert.Equal(["drills"], await CaseApi.ErrorFieldsAsync(badDrills));
        Assert.False(recent.GetProperty("includesDrills").GetBoolean());
        Assert.True(withDrills.GetProperty("includesDrills").GetBoolean());
        Assert.Equal(("day", 31), (recent.GetProperty("csatTrend").Text("bucket"), recent.GetProperty("csatTrend").GetProperty("points").GetArrayLength()));
        Assert.Equal(["under1d", "1to3d", "3to7d", "7to30d", "over30d"], recent.GetProperty("backlogAgeing").EnumerateArray().Select(r => r.Text("key")));
        Assert.Equal(["I", "II", "III", "IV", "unassessed"], recent.GetProperty("emergencies").GetProperty("byLevel").EnumerateArray().Select(r => r.Text("level")));
        Assert.Equal(JsonValueKind.Array, recent.GetProperty("hotSpots").ValueKind);
        Assert.Equal(JsonValueKind.Array, recent.GetProperty("drills").ValueKind);
    }

    [Fact]
    public async Task TheHeatmap_AnswersManagersAndSupervisors_NamesBadValues_AndRefusesAgents()
    {
        await using var server = await InProcessServer.StartAsync(_temp.Sub("with-workflows"), CaseFlow.Tests.Shared.RepositoryPaths.Workflows);
        using var manager = await server.ClientAsync("manager");
        using var supervisor = await server.ClientAsync("supervisor");
        using var agent = await server.ClientAsync("agent");
        await CaseApi.FileAsync(agent);

        var heatmap = await CaseApi.GetJsonAsync(manager, "/api/workflow-definitions/complaint-handling/heatmap");
        var bad = await supervisor.GetAsync("/api/workflow-definitions/complaint-handling/heatmap?version=0&from=yesterday&drills=sometimes");
        var unknown = await supervisor.GetAsync("/api/workflow-definitions/no-such-workflow/heatmap");
        var noVersion = await supervisor.GetAsync("/api/workflow-definitions/complaint-handling/heatmap?version=42");

        Assert.Equal(("complaint-handling", 1, 1), (heatmap.Text("definitionId"), heatmap.GetProperty("version").GetInt32(), heatmap.GetProperty("runs").GetInt32()));
        var classify = heatmap.GetProperty("activities").EnumerateArray().Single(a => a.Text("activityId") == "classify");
        Assert.Equal((1, 1), (classify.GetProperty("executions").GetInt32(), classify.GetProperty("waitingNow").GetInt32()));
        Assert.Equal(["drills", "from", "version"], (await CaseApi.ErrorFieldsAsync(bad)).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/workflow-definitions/complaint-handling/heatmap")).StatusCode);
    }

    private static List<string> Counts(JsonElement rows) => [.. rows.EnumerateArray().Select(r => $"{r.Text("key")}:{r.GetProperty("count").GetInt32()}")];

    private static SlaClock Clock(Case of, string name, SlaClockStatus status) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        CaseId = of.Id,
        WorkflowInstanceId = "seeded-" + of.Id,
        Name = name,
        StartedAt = of.CreatedAt,
        DueAt = of.CreatedAt.AddDays(1),
        Status = status,
    };

    private static Survey Survey(Case of, SurveyStatus status, int? score) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        CaseId = of.Id,
        WorkflowInstanceId = "seeded-" + of.Id,
        TokenHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        Status = status,
        Score = score,
        CreatedAt = of.CreatedAt.AddDays(2),
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
    };
}
