using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Drills;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Features.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>
/// Behaviours D2–D8 of the domain digest on <c>workflows/emergency-drill.json</c>: the drill plans' three scenarios
/// with their steps, preparation, evaluation, summary and report, and a drill that leaves the centre's figures alone.
/// The demo organisation (the customer service manager commands drills), a controllable clock.
/// </summary>
public sealed class EmergencyDrillTests : IAsyncLifetime
{
    private static readonly Actor Commander = Actor.Of("manager", CaseRoles.Manager);
    private static readonly Actor Gm = Actor.Of("gm", CaseRoles.Manager);
    private static readonly Actor Supervisor = ScenarioKit.Supervisor;
    private static readonly Actor Head = Actor.Of("head", CaseRoles.Supervisor, CaseRoles.Manager);

    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync(withOrganisation: true);

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task D8_ADrillCannotStart_WithoutTimePlaceParticipantsAndPlan()
    {
        var drill = await PlanAsync("system-failure");

        var prepare = Assert.Single(await _kit.OpenTasksAsync(drill.Id));
        Assert.Equal(("prepare", "manager", true), (prepare.ActivityId, prepare.Assignee, prepare.IsDrill));
        foreach (var missing in new[] { "drillTime", "place", "participants", "plan" })
        {
            var data = Preparation();
            data.Remove(missing);
            var refused = await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(drill.Id, "prepare", "Ready", Commander, data));
            Assert.Contains("data." + missing, refused.Errors.Keys);
        }

        Assert.Equal("prepare", Assert.Single(await _kit.OpenTasksAsync(drill.Id)).ActivityId);
        await _kit.CompleteAsync(drill.Id, "prepare", "Ready", Commander, Preparation());
        Assert.Equal("reportToCommand", Assert.Single(await _kit.OpenTasksAsync(drill.Id)).ActivityId);
    }

    [Fact]
    public async Task D2_ASystemFailureDrill_ReportsActivatesNotifiesTechSupport_SwitchesChannels_RestoresAndResumes()
    {
        var drill = await PlanAsync("system-failure");
        await PrepareReportAndActivateAsync(drill);

        Assert.Contains((await _kit.MessagesAsync(drill.Id)), m => m.RecipientKind == RecipientKind.Department && m.Recipient == "tech-support" && m.Subject!.StartsWith("[Drill]", StringComparison.Ordinal));
        await _kit.CompleteAsync(drill.Id, "sfSwitchChannels", "Done", ScenarioKit.Agent, new() { ["channelsUsed"] = "SMS and email." });
        var restore = Assert.Single(await _kit.OpenTasksAsync(drill.Id));
        Assert.Equal(("sfRestore", "tech-support"), (restore.ActivityId, restore.Department));
        await _kit.CompleteAsync(drill.Id, "sfRestore", "Restored", Head, new() { ["cause"] = "Simulated database outage; failed over." });
        await _kit.CompleteAsync(drill.Id, "resumeWork", "Resumed", ScenarioKit.Agent);

        Assert.Equal(
            ["prepare", "startDrill", "reportToCommand", "activatePlan", "sfNotifyTech", "sfSwitchChannels", "sfRestore", "resumeWork", "markEvaluation"],
            (await _kit.CompletedStepsAsync(drill)).Where(s => s is not ("runPlan")).ToList());
        Assert.Equal("evaluate", Assert.Single(await _kit.OpenTasksAsync(drill.Id)).ActivityId);
    }

    [Fact]
    public async Task D3_AStaffLossDrill_ReportsActivatesNotifiesTheOtherAgents_ConfirmsQuality_FindsAReplacementAndResumes()
    {
        var drill = await PlanAsync("staff-loss");
        await PrepareReportAndActivateAsync(drill);

        Assert.Contains(await _kit.MessagesAsync(drill.Id), m => m.RecipientKind == RecipientKind.Role && m.Recipient == "Agent");
        await _kit.CompleteAsync(drill.Id, "slConfirmQuality", "Confirmed", Supervisor, new() { ["qualityCheck"] = "Answer rate 95 %." });
        Assert.Equal(("slReplacement", "hr"), Assert.Single(await _kit.OpenTasksAsync(drill.Id)) is var t ? (t.ActivityId, t.Department) : default);
        await _kit.CompleteAsync(drill.Id, "slReplacement", "Found", Head, new() { ["replacement"] = "A reserve-pool agent from 14:00." });
        await _kit.CompleteAsync(drill.Id, "resumeWork", "Resumed", ScenarioKit.Agent);

        Assert.Equal(
            ["prepare", "startDrill", "reportToCommand", "activatePlan", "slNotifyAgents", "slConfirmQuality", "slReplacement", "resumeWork", "markEvaluation"],
            (await _kit.CompletedStepsAsync(drill)).Where(s => s is not ("runPlan")).ToList());
    }

    [Fact]
    public async Task D4_ANaturalDisasterDrill_SwitchesRemoteAgentsToOtherChannels_AndWaitsForTheDisasterToEndBeforeResuming()
    {
        var drill = await PlanAsync("natural-disaster");
        await PrepareReportAndActivateAsync(drill);

        await _kit.CompleteAsync(drill.Id, "ndSwitch", "Done", ScenarioKit.Agent, new() { ["arrangement"] = "Working from home on the softphone." });
        await _kit.AdvanceAsync(TimeSpan.FromHours(6));
        Assert.Equal("ndDisasterOver", Assert.Single(await _kit.OpenTasksAsync(drill.Id)).ActivityId);

        await _kit.CompleteAsync(drill.Id, "ndDisasterOver", "Over", Commander);
        await _kit.CompleteAsync(drill.Id, "resumeWork", "Resumed", ScenarioKit.Agent);

        Assert.Equal(
            ["prepare", "startDrill", "reportToCommand", "activatePlan", "ndNotifyRemote", "ndSwitch", "ndDisasterOver", "resumeWork", "markEvaluation"],
            (await _kit.CompletedStepsAsync(drill)).Where(s => s is not ("runPlan")).ToList());
    }

    [Fact]
    public async Task D5_ADrillRunsTheRealPlanInDrillMode_FlaggedEverywhere_AndLeavesTheCentresFiguresAndTheAlarmAlone()
    {
        var before = await _kit.Db.Get<KpiQuery>().RunAsync(_kit.Db.Clock.GetUtcNow().AddDays(-1), _kit.Db.Clock.GetUtcNow().AddDays(30));

        var drill = await PlanAsync("system-failure");
        await PrepareReportAndActivateAsync(drill);

        // The real emergency plan runs on a drill emergency linked to the drill: its deadlines run, its tasks are drills.
        var details = await _kit.Db.Get<GetDrillHandler>().HandleAsync(drill.Number);
        var plan = Assert.IsType<Case>(details.PlanRun);
        Assert.True(plan.IsDrill);
        Assert.Equal(("system-failure", "drill:" + drill.Id), (details.PlanEmergency!.EventType, details.PlanEmergency.TriggerKey));
        var planTask = Assert.Single(await _kit.OpenTasksAsync(plan.Id));
        Assert.Equal(("assess", true), (planTask.ActivityId, planTask.IsDrill));
        Assert.Empty((await _kit.Db.Get<ListEmergenciesHandler>().HandleAsync(new ListEmergencies())).Items);
        Assert.All(await _kit.MessagesAsync(plan.Id), m => Assert.StartsWith("[Drill", m.Subject, StringComparison.Ordinal));

        await _kit.AdvanceAsync(TimeSpan.FromHours(5)); // every deadline of the plan breached: the drill's score, not the centre's
        await _kit.CompleteAsync(drill.Id, "sfSwitchChannels", "Done", ScenarioKit.Agent, new() { ["channelsUsed"] = "SMS." });
        await _kit.CompleteAsync(drill.Id, "sfRestore", "Restored", Head, new() { ["cause"] = "Simulated." });
        await _kit.CompleteAsync(drill.Id, "resumeWork", "Resumed", ScenarioKit.Agent);

        var after = await _kit.Db.Get<KpiQuery>().RunAsync(before.From, before.To);
        Assert.Equal(Json(before with { Backlog = before.Backlog with { AsOf = default } }), Json(after with { Backlog = after.Backlog with { AsOf = default }, Drills = [] }));
        var score = Assert.Single(after.Drills); // the drill's own figure: every milestone missed
        Assert.Equal((drill.Number, 0, 4, (double?)0.0), (score.Number, score.MilestonesMet, score.Milestones, score.ScorePercent));
        Assert.Equal(0, await _kit.Db.Get<DetectComplaintSpikesHandler>().DetectAsync());
        Assert.All((await _kit.Db.Get<GetDrillHandler>().HandleAsync(drill.Id)).Milestones, m => Assert.Equal("Breached", m.Result));
    }

    [Fact]
    public async Task ATabletopDrill_DoesNotRunThePlan()
    {
        var drill = await PlanAsync("staff-loss", kind: "tabletop");
        await PrepareReportAndActivateAsync(drill);

        var details = await _kit.Db.Get<GetDrillHandler>().HandleAsync(drill.Id);
        Assert.Null(details.PlanRun);
        Assert.False(details.Drill.RunPlan);
    }

    [Fact]
    public async Task D6_ADrillCannotCloseWithoutItsEvaluationOnAllFourCriteria()
    {
        var drill = await ExecutedAsync("staff-loss");

        foreach (var missing in new[] { "practicality", "responseCapability", "serviceQuality", "problems" })
        {
            var data = Evaluation();
            data.Remove(missing);
            var refused = await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(drill.Id, "evaluate", "Evaluated", Commander, data));
            Assert.Contains("data." + missing, refused.Errors.Keys);
        }

        Assert.NotEqual(CaseStatus.Closed, (await _kit.CaseAsync(drill.Id)).Status);
        await _kit.CompleteAsync(drill.Id, "evaluate", "Evaluated", Commander, Evaluation());
        Assert.Equal("summarise", Assert.Single(await _kit.OpenTasksAsync(drill.Id)).ActivityId);
    }

    [Fact]
    public async Task D7_TheSummaryProducesOneReportToTheLeadership_WithStepsScoreEvaluationAndRectification_AndMayProposeAPlanRevision()
    {
        var drill = await ExecutedAsync("system-failure");
        await _kit.CompleteAsync(drill.Id, "evaluate", "Evaluated", Commander, Evaluation());

        await _kit.CompleteAsync(drill.Id, "summarise", "Done", Commander, Summary(proposeRevision: true));
        // A redelivered report message finds the report already sent.
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetServices<CaseFlow.Workflows.Durability.IOutboxMessageHandler>(_kit.Db.Services).OfType<DrillReportHandler>().Single().HandleAsync(new CaseFlow.Workflows.Durability.OutboxMessage("again", CaseFlow.Cases.Activities.CaseOutboxKinds.DrillReport, drill.WorkflowInstanceId!, new Dictionary<string, object?> { ["caseId"] = drill.Id }, _kit.Db.Clock.GetUtcNow()), CancellationToken.None);

        var report = Assert.Single(await _kit.MessagesAsync(drill.Id), m => m.IdempotencyKey == "drill-report:" + drill.Id);
        Assert.Equal((RecipientKind.Department, "management", NotificationStatus.Sent), (report.RecipientKind, report.Recipient, report.Status));
        Assert.Contains("- Report to the drill command: 2 min, by agent\n- Activate the emergency plan: 4 min, by manager\n- Reach customers through other channels: 10 min", report.Body, StringComparison.Ordinal);
        Assert.Contains("- Response started: not reached (limit 15 min): Breached", report.Body, StringComparison.Ordinal);
        Assert.Contains("Practicality of the plan: Workable; the SMS fallback needs a template.", report.Body, StringComparison.Ordinal);
        Assert.Contains("Rectification items: Write the SMS template.", report.Body, StringComparison.Ordinal);
        Assert.Contains("Where: Training room 2", report.Body, StringComparison.Ordinal);

        var approve = Assert.Single(await _kit.OpenTasksAsync(drill.Id));
        Assert.Equal(("approveRevision", "gm"), (approve.ActivityId, approve.Assignee));
        await _kit.CompleteAsync(drill.Id, "approveRevision", "Approve", Gm, new() { ["revision"] = "Add the SMS fallback to the plan." });
        Assert.Equal(CaseStatus.Closed, (await _kit.CaseAsync(drill.Id)).Status);
    }

    [Fact]
    public async Task ADrillWithoutARevision_ClosesAfterItsReport()
    {
        var drill = await ExecutedAsync("natural-disaster");
        await _kit.CompleteAsync(drill.Id, "evaluate", "Evaluated", Commander, Evaluation());
        await _kit.CompleteAsync(drill.Id, "summarise", "Done", Commander, Summary(proposeRevision: false));

        Assert.Equal(CaseStatus.Closed, (await _kit.CaseAsync(drill.Id)).Status);
        Assert.Empty(await _kit.OpenTasksAsync(drill.Id));
    }

    [Fact]
    public async Task PlanningADrill_RefusesAnUnknownScenarioOrKind_NamingTheField()
    {
        var plan = _kit.Db.Get<PlanDrillHandler>();

        var scenario = await Assert.ThrowsAsync<ValidationException>(() => plan.HandleAsync(new PlanDrill("flood", null, null, null, null, Commander)));
        var kind = await Assert.ThrowsAsync<ValidationException>(() => plan.HandleAsync(new PlanDrill("staff-loss", "rehearsal", null, null, null, Commander)));

        Assert.Contains("scenario", scenario.Errors.Keys);
        Assert.Contains("kind", kind.Errors.Keys);
    }

    [Fact]
    public async Task ADrillPlannedTwiceForOneScheduleOccurrence_IsPlannedOnce()
    {
        var plan = _kit.Db.Get<PlanDrillHandler>();
        var command = new PlanDrill("staff-loss", "live", null, null, null, Actor.Of("caseflow")) { ScheduleKey = "drill:2026-H2" };

        var (first, _) = await plan.HandleAsync(command);
        var (second, _) = await plan.HandleAsync(command);

        Assert.Equal(first.Id, second.Id);
        await using var db = _kit.Db.CreateDbContext();
        Assert.Equal(1, await db.Drills.CountAsync());
    }

    [Fact]
    public async Task ADrillWhoseWorkflowStartWasCutOffByACrash_IsStartedOnceByTheSweep_WithItsScenarioAndCommand()
    {
        // The drill's rows committed; the process died before its workflow started.
        var id = Guid.CreateVersion7().ToString("N");
        await using (var db = _kit.Db.CreateDbContext())
        {
            db.Cases.Add(new Case
            {
                Id = id, Number = "CF-2026-999999", Type = CaseType.Drill, Channel = CaseChannel.Internal, Description = "Staff-loss drill", Category = "staff-loss", IsDrill = true,
                Status = CaseStatus.New, WorkflowDefinitionId = "emergency-drill", WorkflowInstanceId = CaseFlow.Cases.Features.Cases.CreateCaseHandler.InstanceIdFor(id),
                CreatedAt = _kit.Db.Clock.GetUtcNow(), UpdatedAt = _kit.Db.Clock.GetUtcNow(),
            });
            db.Drills.Add(new Drill { CaseId = id, Scenario = "staff-loss", Kind = DrillKind.Tabletop, CreatedAt = _kit.Db.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var intake = _kit.Db.Get<CaseFlow.Cases.Features.Cases.CreateCaseHandler>();
        Assert.Equal(1, await intake.StartMissingWorkflowsAsync());
        Assert.Equal(0, await intake.StartMissingWorkflowsAsync());
        await _kit.Db.DrainAsync();

        var prepare = Assert.Single(await _kit.OpenTasksAsync(id));
        Assert.Equal(("prepare", "manager"), (prepare.ActivityId, prepare.Assignee));
        Assert.Contains("Scenario: staff-loss (Tabletop drill)", prepare.Instructions, StringComparison.Ordinal);
    }

    private async Task<Case> PlanAsync(string scenario, string? kind = null)
    {
        var (drill, _) = await _kit.Db.Get<PlanDrillHandler>().HandleAsync(new PlanDrill(scenario, kind, _kit.Db.Clock.GetUtcNow().AddDays(7), null, null, Commander));
        await _kit.Db.DrainAsync();
        return drill;
    }

    private async Task PrepareReportAndActivateAsync(Case drill)
    {
        await _kit.CompleteAsync(drill.Id, "prepare", "Ready", Commander, Preparation());
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(2));
        await _kit.CompleteAsync(drill.Id, "reportToCommand", "Reported", ScenarioKit.Agent, new() { ["report"] = "Simulated: nothing works." });
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(4));
        await _kit.CompleteAsync(drill.Id, "activatePlan", "Activated", Commander);
    }

    private async Task<Case> ExecutedAsync(string scenario)
    {
        var drill = await PlanAsync(scenario);
        await PrepareReportAndActivateAsync(drill);
        foreach (var _ in Enumerable.Range(0, 4))
        {
            var open = (await _kit.OpenTasksAsync(drill.Id)).FirstOrDefault(t => t.ActivityId != "evaluate");
            if (open is null)
                break;
            _kit.Db.Clock.Advance(TimeSpan.FromMinutes(10));
            await _kit.CompleteAsync(drill.Id, open.ActivityId, open.Outcomes[0], open.Department is not null ? Head : open.CandidateRole == "Manager" ? Commander : Supervisor, open.Form.Where(f => f.Required).ToDictionary(f => f.Name, object? (_) => "Done."));
        }

        Assert.Equal("evaluate", Assert.Single(await _kit.OpenTasksAsync(drill.Id)).ActivityId);
        return drill;
    }

    private static Dictionary<string, object?> Preparation() => new()
    {
        ["drillTime"] = "2026-12-10", ["place"] = "Training room 2", ["participants"] = "Shift A agents, tech support on call", ["plan"] = "Pull the primary database at 09:30; observe the switch-over.",
    };

    private static Dictionary<string, object?> Evaluation() => new()
    {
        ["practicality"] = "Workable; the SMS fallback needs a template.", ["responseCapability"] = "Activated in 6 minutes.", ["serviceQuality"] = "Answer rate held at 92 %.", ["problems"] = "No SMS template; write one.",
    };

    private static Dictionary<string, object?> Summary(bool proposeRevision) => new()
    {
        ["meeting"] = "Held on 11 December with all participants.", ["commendations"] = "Shift A for the quick switch.", ["rectifications"] = "Write the SMS template.", ["proposeRevision"] = proposeRevision,
    };

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);
}
