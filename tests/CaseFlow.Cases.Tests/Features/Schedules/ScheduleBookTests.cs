using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Drills;
using CaseFlow.Cases.Features.Schedules;
using CaseFlow.Cases.Tests.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Schedules;

/// <summary>
/// The schedules (D1, Q6): the drill scheduler, the plan review, what a downtime does to them, and two nodes checking
/// at once. The shipped workflows, the demo organisation, a controllable clock (starting 1 March 2026, UTC calendar).
/// </summary>
public sealed class ScheduleBookTests : IAsyncLifetime
{
    private static readonly Actor Owner = Actor.Of("owner", CaseRoles.ProcessOwner);
    private static readonly Actor Gm = Actor.Of("gm", CaseRoles.Manager);
    private static readonly Actor Manager = Actor.Of("manager", CaseRoles.Manager);

    private ScenarioKit _kit = null!;

    public async Task InitializeAsync()
    {
        _kit = await ScenarioKit.CreateAsync(withOrganisation: true);
        await Book.RunDueAsync(); // the server's first check: the schedules are first seen now
    }

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private ScheduleBook Book => _kit.Db.Get<ScheduleBook>();

    [Fact]
    public async Task D1_TheDrillScheduler_PlansADrillEachHalfYear_NeverTheSameScenarioTwiceInAYear()
    {
        // Checked every day for two years, as the server does every minute.
        for (var day = 0; day < 730; day++)
        {
            _kit.Db.Clock.Advance(TimeSpan.FromDays(1));
            await Book.RunDueAsync();
        }

        var drills = await DrillsAsync();
        var byYear = drills.GroupBy(d => d.PlannedFor!.Value.Year).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["drill:2026-H2", "drill:2027-H1", "drill:2027-H2", "drill:2028-H1"], drills.Select(d => d.ScheduleKey).Order(StringComparer.Ordinal));
        Assert.All(drills, d => Assert.Equal(DrillKind.Comprehensive, d.Kind));
        Assert.Equal(2, byYear[2027].Count);
        Assert.Equal(2, byYear[2027].Select(d => d.Scenario).Distinct().Count());
    }

    [Fact]
    public async Task D1_AHalfYearWithADrillPlannedByHand_GetsNoSecondOne_AndTheScheduledOneTakesAnotherScenario()
    {
        await _kit.Db.Get<PlanDrillHandler>().HandleAsync(new PlanDrill("system-failure", "live", new DateTimeOffset(2026, 8, 20, 9, 0, 0, TimeSpan.Zero), null, null, Manager));
        _kit.Db.Clock.Advance(TimeSpan.FromDays(122)); // 1 July 2026, 09:00

        await Book.RunDueAsync();

        Assert.Single(await DrillsAsync());
        Assert.Contains("already", (await Book.ListAsync()).Single(s => s.Id == "drills").LastRun!.Detail, StringComparison.Ordinal);

        _kit.Db.Clock.Advance(TimeSpan.FromDays(184)); // 1 January 2027: a new year, every scenario free again
        await Book.RunDueAsync();
        Assert.Equal("system-failure", (await DrillsAsync()).Single(d => d.ScheduleKey == "drill:2027-H1").Scenario);
    }

    [Fact]
    public async Task Q6_APlanVersionTwelveMonthsOld_GetsOneReview_ApprovedByTheGeneralManager()
    {
        _kit.Db.Clock.Advance(TimeSpan.FromDays(330));
        await Book.RunDueAsync();
        Assert.Empty(await ReviewTasksAsync());

        _kit.Db.Clock.Advance(TimeSpan.FromDays(36)); // a year and a day after the plans were published
        await Book.RunDueAsync();
        _kit.Db.Clock.Advance(TimeSpan.FromDays(1));
        await Book.RunDueAsync();
        await _kit.Db.DrainAsync();

        var reviews = await ReviewTasksAsync();
        Assert.Equal(3, reviews.Count); // emergency-response, recovery-plan, emergency-drill: one each, once
        var review = reviews.Single(t => t.Title.Contains("Emergency response", StringComparison.Ordinal));
        Assert.Equal("ProcessOwner", review.CandidateRole);
        await _kit.Tasks.ClaimAsync(new CaseFlow.Cases.Features.Tasks.ClaimTask(review.Id, Owner));
        await _kit.Tasks.CompleteAsync(new CaseFlow.Cases.Features.Tasks.CompleteTask(review.Id, "Reviewed", new Dictionary<string, object?> { ["findings"] = "The contact list is out of date.", ["revisionNeeded"] = true, ["revision"] = "Update the contact list." }, Owner));
        await _kit.Db.DrainAsync();

        await using var db = _kit.Db.CreateDbContext();
        var approval = await db.CaseTasks.AsNoTracking().SingleAsync(t => t.ActivityId == "gmApproval" && t.WorkflowInstanceId == review.WorkflowInstanceId);
        Assert.Equal("gm", approval.Assignee);
    }

    [Fact]
    public async Task AfterADowntime_ASchedulesLatestMissedOccurrenceRunsOnce_NotTheBacklog()
    {
        _kit.Db.Clock.Advance(TimeSpan.FromDays(3 * 365)); // three years without a server: six occurrences fell

        Assert.Equal(9, await Book.RunDueAsync()); // each schedule once: its latest occurrence
        Assert.Equal(0, await Book.RunDueAsync());

        var drill = Assert.Single(await DrillsAsync());
        Assert.Equal("drill:2029-H1", drill.ScheduleKey);
        Assert.StartsWith("missed while no server ran, run once now", (await Book.ListAsync()).Single(s => s.Id == "drills").LastRun!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScheduleSetToSkip_RecordsTheMissedOccurrenceAsSkipped_AndRunsNothing()
    {
        await Book.UpdateAsync(new UpdateSchedule("drills", null, null, "skip", Manager));
        _kit.Db.Clock.Advance(TimeSpan.FromDays(200));

        await Book.RunDueAsync();

        Assert.Empty(await DrillsAsync());
        var last = (await Book.ListAsync()).Single(s => s.Id == "drills").LastRun!;
        Assert.Equal(ScheduleRunOutcome.Skipped, last.Outcome);
    }

    [Fact]
    public async Task TwoNodesCheckingAtTheSameMoment_RunEachOccurrenceOnce()
    {
        _kit.Db.Clock.Advance(TimeSpan.FromDays(122)); // 1 July 2026, 09:00
        var nodes = Enumerable.Range(0, 4).Select(_ => _kit.Db.NewProcess()).ToList();

        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.GetRequiredService<ScheduleBook>().RunDueAsync())));

        Assert.Single(await DrillsAsync());
        await using var db = _kit.Db.CreateDbContext();
        Assert.Equal(1, await db.ScheduleRuns.CountAsync(r => r.ScheduleId == "drills"));
        foreach (var node in nodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task AScheduleChangedOverTheApi_RunsOnItsNewCron_AndABadCronIsRefusedByName()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Book.UpdateAsync(new UpdateSchedule("drills", "every tuesday", null, null, Manager)));
        Assert.Contains("cron", refused.Errors.Keys);
        await Assert.ThrowsAsync<NotFoundException>(() => Book.UpdateAsync(new UpdateSchedule("nope", "0 9 * * *", null, null, Manager)));

        var changed = await Book.UpdateAsync(new UpdateSchedule("drills", "0 9 15 3,9 *", null, null, Manager));
        Assert.Equal(("0 9 15 3,9 *", "manager"), (changed.Cron, changed.UpdatedBy));
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 9, 0, 0, TimeSpan.Zero), changed.NextOccurrence);

        _kit.Db.Clock.Advance(TimeSpan.FromDays(14));
        await Book.RunDueAsync();
        Assert.Equal("drill:2026-H1", Assert.Single(await DrillsAsync()).ScheduleKey);
    }

    [Fact]
    public async Task ARunAskedForByHand_PlansAnotherDrill_BesideTheSchedule()
    {
        var run = await Book.RunNowAsync("drills", Manager);

        Assert.True(run.Adhoc);
        Assert.Equal("manager", run.RanBy);
        Assert.StartsWith("drill CF-", run.Detail, StringComparison.Ordinal);
        Assert.Single(await DrillsAsync());
    }

    [Fact]
    public async Task D9_EachQuarterA2DayAllStaffTrainingIsOrganised_AndAnAdHocSessionCanBeAdded()
    {
        for (var day = 0; day < 366; day++)
        {
            _kit.Db.Clock.Advance(TimeSpan.FromDays(1));
            await Book.RunDueAsync();
        }

        await Book.RunNowAsync("training", Manager);
        await _kit.Db.DrainAsync();

        var organise = await TasksAsync("organise");
        Assert.Equal(5, organise.Count); // April, July, October, January, and the ad-hoc one
        Assert.Equal(4, organise.Count(t => t.Title == "Organise the quarterly 2-day all-staff training"));
        Assert.Single(organise, t => t.Title == "Organise the ad-hoc training session");
        var first = organise.OrderBy(t => t.CreatedAt).First();
        await _kit.Tasks.ClaimAsync(new CaseFlow.Cases.Features.Tasks.ClaimTask(first.Id, Manager));
        await _kit.Tasks.CompleteAsync(new CaseFlow.Cases.Features.Tasks.CompleteTask(first.Id, "Scheduled", new Dictionary<string, object?> { ["dates"] = "7–8 April", ["trainer"] = "Liu Yang", ["topics"] = "The emergency plan; complaint handling." }, Manager));
        await _kit.Db.DrainAsync();
        Assert.Single(await TasksAsync("record"));
        await using var db = _kit.Db.CreateDbContext();
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Role && n.Recipient == "Agent" && n.Subject == "Training: 7–8 April"));
    }

    [Fact]
    public async Task Q1_TheSatisfactionCampaignRunsOnceAYear_OnItsFourDimensions()
    {
        for (var day = 0; day < 400; day++)
        {
            _kit.Db.Clock.Advance(TimeSpan.FromDays(1));
            await Book.RunDueAsync();
        }

        await _kit.Db.DrainAsync();
        var campaigns = await TasksAsync("launch");
        Assert.Equal([new DateTime(2026, 3, 15), new DateTime(2027, 3, 15)], campaigns.Select(t => t.CreatedAt.UtcDateTime.Date).Order()); // 1 March 2026 to 5 April 2027
        var launch = campaigns[0];
        Assert.Equal(["questionnaire", "interview", "third-party"], launch.Form.Single(f => f.Name == "method").Options);
        Assert.Contains("product quality, service quality, price and the shopping experience", launch.Instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Q4_Q5_FeedbackAndWindowPerformanceReports_GoOutMonthlyAndQuarterly_OnceEach_WithoutDrills()
    {
        var complaint = await _kit.FileAsync();
        await _kit.Db.Get<PlanDrillHandler>().HandleAsync(new PlanDrill("staff-loss", null, null, null, null, Manager));
        _kit.Db.Clock.Advance(TimeSpan.FromDays(31)); // 1 April 2026
        await Book.RunDueAsync();
        await Book.RunDueAsync();

        await using var db = _kit.Db.CreateDbContext();
        var reports = await db.Notifications.AsNoTracking().Where(n => n.IdempotencyKey.StartsWith("report:")).ToListAsync();
        Assert.Equal(
            ["report:feedback-report-monthly:2026-03", "report:feedback-report-quarterly:2026-Q1", "report:window-performance-monthly:2026-03", "report:window-performance-quarterly:2026-Q1"],
            reports.Select(r => r.IdempotencyKey).Order(StringComparer.Ordinal));
        var feedback = reports.Single(r => r.IdempotencyKey == "report:feedback-report-monthly:2026-03");
        Assert.Equal(("Customer feedback report 2026-03", "Manager"), (feedback.Subject, feedback.Recipient));
        Assert.Contains("1 cases, 1 of them complaints", feedback.Body, StringComparison.Ordinal); // the drill is not a case of the centre's
        var window = reports.Single(r => r.IdempotencyKey == "report:window-performance-quarterly:2026-Q1");
        foreach (var part in new[] { "Satisfaction:", "Response time:", "Processing efficiency:", "Complaint rate: 1 complaints of 1 cases (100 %)" })
            Assert.Contains(part, window.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Q2_AComprehensiveQaMonitoringTaskIsGeneratedEveryMonth()
    {
        for (var day = 0; day < 92; day++)
        {
            _kit.Db.Clock.Advance(TimeSpan.FromDays(1));
            await Book.RunDueAsync();
        }

        await _kit.Db.DrainAsync();
        var monitoring = await TasksAsync("monitor");
        Assert.Equal([new DateTime(2026, 4, 1), new DateTime(2026, 5, 1), new DateTime(2026, 6, 1)], monitoring.Select(t => t.CreatedAt.UtcDateTime.Date).Order());
        Assert.All(monitoring, t => Assert.Equal("Supervisor", t.CandidateRole));
    }

    [Fact]
    public async Task Q3_EachFindingGivesTheAgentARectificationTask_AndRepeatedFindingsBringInTheirSupervisor()
    {
        var supervisor = Actor.Of("supervisor", CaseRoles.Supervisor);
        for (var month = 1; month <= 3; month++)
        {
            var run = await Book.RunNowAsync("qa-monitoring", Manager);
            await _kit.Db.DrainAsync();
            var monitor = (await TasksAsync("monitor")).Single(t => t.Status == CaseTaskStatus.Open);
            await _kit.Tasks.ClaimAsync(new CaseFlow.Cases.Features.Tasks.ClaimTask(monitor.Id, supervisor));
            var findings = month == 2 ? "agent: no greeting on two calls\nagent2: ticket closed without an answer" : "agent: callback number not confirmed";
            await _kit.Tasks.CompleteAsync(new CaseFlow.Cases.Features.Tasks.CompleteTask(monitor.Id, "Done", new Dictionary<string, object?> { ["sample"] = "20 calls, 20 tickets", ["findings"] = findings }, supervisor));
            await _kit.Db.DrainAsync();
            _kit.Db.Clock.Advance(TimeSpan.FromDays(30));
        }

        var rectify = await TasksAsync("rectify");
        Assert.Equal(4, rectify.Count);
        Assert.Equal(3, rectify.Count(t => t.Assignee == "agent"));
        Assert.Single(rectify, t => t.Assignee == "agent2");

        // The agent's third finding within three months: their supervisor decides; agent2's first: nobody else.
        var decision = Assert.Single(await TasksAsync("supervisorDecision"));
        Assert.Equal("supervisor", decision.Assignee);
        Assert.Equal(["interview", "training", "reassignment"], decision.Form.Single(f => f.Name == "decision").Options);
        Assert.Contains("has 3 quality findings", decision.Instructions, StringComparison.Ordinal);

        // A finding delivered again is neither counted nor rectified twice.
        await using var db = _kit.Db.CreateDbContext();
        var first = await db.QaFindings.AsNoTracking().OrderBy(f => f.Id).FirstAsync();
        var handler = _kit.Db.Services.GetServices<CaseFlow.Workflows.Durability.IOutboxMessageHandler>().OfType<CaseFlow.Cases.Features.Quality.QaFindingHandler>().Single();
        await handler.HandleAsync(new CaseFlow.Workflows.Durability.OutboxMessage("again", CaseFlow.Cases.Activities.CaseOutboxKinds.QaFinding, first.WorkflowInstanceId, new Dictionary<string, object?> { ["key"] = first.Key, ["agent"] = first.Agent, ["finding"] = first.Finding }, _kit.Db.Clock.GetUtcNow()), CancellationToken.None);
        await _kit.Db.DrainAsync();
        Assert.Equal(4, await db.QaFindings.CountAsync());
        Assert.Equal(4, (await TasksAsync("rectify")).Count);
    }

    private async Task<List<CaseTask>> TasksAsync(string activityId)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.CaseTasks.AsNoTracking().Where(t => t.ActivityId == activityId).ToListAsync();
    }

    private async Task<List<Drill>> DrillsAsync()
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.Drills.AsNoTracking().ToListAsync();
    }

    private async Task<List<CaseTask>> ReviewTasksAsync()
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.CaseTasks.AsNoTracking().Where(t => t.ActivityId == "review").ToListAsync();
    }
}
