using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.Api;

/// <summary>
/// An emergency driven through its five stages and the recovery plan over the HTTP API alone, on the host
/// <c>Program</c> builds with the shipped workflows: the employee's report, the department head, the general manager's
/// grading, an information report, a missed update escalated, the handling, the termination gate, the recovery plan
/// and the summary. Only time is moved by the test.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class EmergencyOverApiTests : IDisposable
{
    private static readonly TimeSpan Patience = TaskApi.Patience;
    private readonly TempDirectory _temp = new();
    private readonly AdjustableClock _clock = new();
    private readonly ProgramHost _server;

    public EmergencyOverApiTests() =>
        _server = ProgramHost.Start(_temp.Sub("data"), RepositoryPaths.Workflows, s => s.AddSingleton<TimeProvider>(_clock));

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task AnEmergency_GoesThroughAllFiveStagesAndTheRecoveryPlan_UsingOnlyTheApi()
    {
        using var agent = await _server.ClientAsync("agent");
        using var head = await _server.ClientAsync("head");
        using var gm = await _server.ClientAsync("gm");

        var raised = await agent.PostAsJsonAsync("/api/emergencies", new { eventType = "system-failure", description = "The telephony platform rejects every call.", departments = new[] { "customer-service", "tech-support" } });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var id = (await CaseApi.JsonAsync(raised)).Text("id");

        await TaskApi.CompleteAsync(head, id, "mine", "headReview", "Forward", new { headNote = "Confirmed with the switchboard." });
        var refused = await TaskApi.TryCompleteAsync(gm, id, "mine", "assess", "Activate", new { level = "V", assessment = "Every line is down." });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await TaskApi.CompleteAsync(gm, id, "mine", "assess", "Activate", new { level = "I", commsLead = "manager", assessment = "Every line is down." });
        await Wait.UntilAsync(async () => (await EmergencyAsync(gm, id)).Text("stage") == "Activation", Patience, "the plan was activated");

        var report = await agent.PostAsJsonAsync($"/api/emergencies/{id}/reports", new
        {
            eventType = "system-failure",
            occurredAt = _clock.GetUtcNow(),
            departments = new[] { "tech-support", "customer-service" },
            scope = "All inbound calls",
            cause = "A failed router update.",
            measures = "Calls diverted to the backup line.",
            followUp = "Next update within 30 minutes.",
            form = "oral",
            recipients = new[] { new { kind = "leadership", name = "General manager" } },
        });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        // Level I: an update every 30 minutes. None comes: the general manager hears of it.
        _clock.Advance(TimeSpan.FromMinutes(31));
        await Wait.UntilAsync(async () => Messages(await CaseApi.GetJsonAsync(gm, $"/api/cases/{id}")).Any(s => s.EndsWith("progress update overdue", StringComparison.Ordinal)), Patience, "the missed update was escalated");

        await TaskApi.CompleteAsync(gm, id, "mine", "initialAssessment", "Done", new { cause = "A failed router update.", scope = "All inbound calls.", losses = "None yet." });
        await TaskApi.CompleteAsync(gm, id, "mine", "handlingPlan", "Done", new { plan = "Divert to the backup line; roll the router back.", callReserve = true });
        await Wait.UntilAsync(async () => (await EmergencyAsync(gm, id)).Text("stage") == "Handling", Patience, "handling started");
        foreach (var step in new[] { "recoverSystems", "backupData", "customerProgressI", "compensateCustomers", "staffDispatch", "techSupport", "businessAdjustment", "customerReassurance", "activateReserve" })
            await TaskApi.CompleteAsync(gm, id, "all", step, "Done", new Dictionary<string, object> { [step == "activateReserve" ? "reserveCalled" : step + "Result"] = "Done as planned." });

        var unconfirmed = await TaskApi.TryCompleteAsync(gm, id, "mine", "declareTermination", "Terminate", new { controlled = true, normalOperation = true, noFurtherImpact = false });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        await TaskApi.CompleteAsync(gm, id, "mine", "declareTermination", "Terminate", new { controlled = true, normalOperation = true, noFurtherImpact = true });
        await Wait.UntilAsync(async () => (await EmergencyAsync(gm, id)).Text("stage") == "Recovery", Patience, "the emergency was declared over");

        await TaskApi.CompleteAsync(gm, id, "mine", "lossAssessment", "Done", new { personnelLoss = "None.", equipmentLoss = "One router.", systemsLoss = "Call routing for 3 h." });
        await TaskApi.CompleteAsync(gm, id, "mine", "recoveryPlan", "Done", new { goals = "Routing restored and hardened.", milestones = "Day 1 router; day 3 failover test.", owner = "li-qiang", dueDate = "2026-12-20" });
        foreach (var step in new[] { "staffTraining", "equipmentRepair", "systemOptimisation", "gradualRestoration", "customerCare", "riskWarning", "continuousImprovement" })
            await TaskApi.CompleteAsync(gm, id, "all", step, "Done", new Dictionary<string, object> { [step + "Result"] = "Done." });
        await TaskApi.CompleteAsync(gm, id, "all", "businessMonitoring", "IndicatorsNormal", new { businessMonitoringResult = "Answer rate 96 %." });
        await TaskApi.CompleteAsync(gm, id, "mine", "summary", "Done", new { finalCause = "A failed router update.", handlingProcess = "Diverted, rolled back.", aftermath = "Customers called back.", improvements = "Stage router updates." });

        JsonElement emergency = default;
        await Wait.UntilAsync(async () => (emergency = await EmergencyAsync(gm, id)).Text("stage") == "Closed", Patience, "the emergency was closed");
        Assert.Equal("I", emergency.Text("level"));
        Assert.Equal(1, emergency.GetProperty("reports").GetArrayLength());
        var details = await CaseApi.GetJsonAsync(gm, $"/api/cases/{id}");
        var timeline = details.GetProperty("timeline").EnumerateArray().Select(t => t.Text("title")).ToList();
        Assert.Contains(timeline, t => t.StartsWith("SLA emergency.response met", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Emergency plan activated at level I", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Information report 1", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Emergency declared over", StringComparison.Ordinal));
        Assert.Contains(Messages(details), s => s.StartsWith("Final report on emergency", StringComparison.Ordinal));
        Assert.All(details.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("Completed", t.Text("status")));

        // The recovery plan ran as a child of the emergency's run: the run history finds it from its parent.
        var children = await CaseApi.GetJsonAsync(gm, $"/api/workflow-instances?parentInstanceId={details.Text("workflowInstanceId")}");
        Assert.Contains(children.GetProperty("items").EnumerateArray(), c => c.Text("definitionId") == "recovery-plan" && c.Text("parentInstanceId") == details.Text("workflowInstanceId"));
    }

    private static Task<JsonElement> EmergencyAsync(HttpClient client, string id) => CaseApi.GetJsonAsync(client, $"/api/emergencies/{id}");

    private static IEnumerable<string> Messages(JsonElement details) =>
        details.GetProperty("messages").EnumerateArray().Select(m => m.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : "");
}
