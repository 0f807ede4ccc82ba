using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>
/// Complaints linked to an emergency (issue: "surveys of linked cases are held back while the emergency is active;
/// when it ends, each linked customer gets a recovery follow-up and later a CSAT survey, exactly once each"). The
/// shipped complaint and emergency workflows, the demo organisation, a controllable clock.
/// </summary>
public sealed class HeldFollowUpTests : IAsyncLifetime
{
    private static readonly Actor Gm = Actor.Of("gm", CaseRoles.Manager);
    private static readonly Actor Head = Actor.Of("head", CaseRoles.Supervisor, CaseRoles.Manager);

    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync(withOrganisation: true);

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task ALinkedComplaint_HoldsItsFollowUpAndSurvey_WhileTheEmergencyIsActive_ThenGetsOneRecoveryFollowUpAndOneSurvey()
    {
        var (emergency, complaints) = await SpikeAsync();
        var c = complaints[0];

        await ResolveAndFeedBackAsync(c);
        await _kit.AdvanceAsync(TimeSpan.FromDays(10));

        Assert.Empty(await _kit.OpenTasksAsync(c.Id));
        Assert.Empty(await SurveyInvitationsAsync(c.Id));
        Assert.NotNull((await LinkAsync(emergency, c)).HeldAt);
        Assert.Contains("Follow-up and survey held back", await TimelineAsync(c.Id));

        await TerminateAsync(emergency);

        Assert.NotNull((await LinkAsync(emergency, c)).ReleasedAt);
        Assert.Contains("Hold lifted", await TimelineAsync(c.Id));
        Assert.Empty(await _kit.OpenTasksAsync(c.Id)); // the recovery follow-up is due a little later
        await _kit.AdvanceAsync(TimeSpan.FromDays(1));
        var recovery = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        Assert.Equal("recoveryFollowUp", recovery.ActivityId);
        Assert.Empty(await SurveyInvitationsAsync(c.Id));

        await _kit.CompleteAsync(c.Id, "recoveryFollowUp", "Done", data: new() { ["followUpNote"] = "Service works again for the customer." });

        Assert.Single(await SurveyInvitationsAsync(c.Id));
        var steps = await _kit.CompletedStepsAsync(await _kit.CaseAsync(c.Id));
        Assert.Equal(1, steps.Count(s => s == "recoveryFollowUp"));
        Assert.DoesNotContain("followUp", steps);
        await _kit.AnswerSurveyAsync(c.Id, 5);
        Assert.Equal(CaseStatus.Archived, (await _kit.CaseAsync(c.Id)).Status);
    }

    [Fact]
    public async Task ALinkedComplaintThatGetsThereAfterTheEmergencyIsOver_GoesStraightToItsRecoveryFollowUp()
    {
        var (emergency, complaints) = await SpikeAsync();
        await TerminateAsync(emergency);

        await ResolveAndFeedBackAsync(complaints[1]);
        await _kit.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal("recoveryFollowUp", Assert.Single(await _kit.OpenTasksAsync(complaints[1].Id)).ActivityId);
        Assert.Null((await LinkAsync(emergency, complaints[1])).HeldAt);
    }

    [Fact]
    public async Task AComplaintLinkedToNoEmergency_IsNotHeld()
    {
        var c = await _kit.FileAsync();
        await ResolveAndFeedBackAsync(c);
        await _kit.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal("followUp", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);
        Assert.DoesNotContain("Follow-up and survey held back", await TimelineAsync(c.Id));
    }

    [Fact]
    public async Task AHoldNotedAfterTheEmergencyEnded_ReleasesItself()
    {
        // Forces the interleaving where the release looked for held cases before this hold was committed: the hold
        // is armed while the emergency is active, the emergency ends with nobody releasing, then the note arrives.
        var (emergency, complaints) = await SpikeAsync();
        var c = complaints[0];
        await _kit.ResolveAsync(c, "price");
        await _kit.CompleteDepartmentTasksAsync(c);
        var feedback = (await _kit.OpenTasksAsync(c.Id)).Single(t => t.ActivityId == "feedback");
        await _kit.Tasks.CompleteAsync(new CaseFlow.Cases.Features.Tasks.CompleteTask(feedback.Id, "FedBack", new Dictionary<string, object?> { ["feedbackChannel"] = "phone", ["customerSatisfied"] = true }, ScenarioKit.Agent));
        await using (var db = _kit.Db.CreateDbContext())
            await db.Emergencies.Where(e => e.CaseId == emergency.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.TerminatedAt, _kit.Db.Clock.GetUtcNow()));

        await _kit.Db.DrainAsync();
        await _kit.CompleteDepartmentTasksAsync(c);
        await _kit.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal("recoveryFollowUp", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);
        Assert.NotNull((await LinkAsync(emergency, c)).ReleasedAt);
    }

    [Fact]
    public async Task AnEndSavedJustBeforeACrash_IsReleasedByTheRestartedProcessesSweep_AndEachCustomerHearsFromUsOnce()
    {
        var (emergency, complaints) = await SpikeAsync();
        var held = complaints.Take(3).ToList();
        foreach (var c in held)
            await ResolveAndFeedBackAsync(c);
        Assert.All(await LinksAsync(emergency), l => Assert.Equal(held.Any(c => c.Id == l.LinkedCaseId), l.HeldAt is not null));

        // The emergency's end is saved; the process dies before it lets anyone go.
        await using (var db = _kit.Db.CreateDbContext())
            await db.Emergencies.Where(e => e.CaseId == emergency.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.TerminatedAt, _kit.Db.Clock.GetUtcNow()));
        using (var restarted = _kit.Db.NewProcess())
        {
            var runtime = restarted.GetRequiredService<DurableWorkflowRuntime>();
            await runtime.RecoverAsync();
            await restarted.GetRequiredService<CaseSweepJob>().RunAsync(CancellationToken.None);
            await restarted.GetRequiredService<CaseSweepJob>().RunAsync(CancellationToken.None);
            foreach (var id in ((ManualWorkScheduler)restarted.GetRequiredService<IWorkflowWorkScheduler>()).Dispatches)
                await runtime.DispatchAsync(id);
        }

        Assert.All(await LinksAsync(emergency), l => Assert.Equal(l.HeldAt is not null, l.ReleasedAt is not null));

        // The old process's redelivered release, and its own sweep, change nothing more.
        await _kit.Db.Get<HeldCases>().ReleaseAsync(emergency.Id);
        await _kit.Db.Get<HeldCases>().ReleaseEndedAsync();
        await _kit.Db.DrainAsync();
        await _kit.AdvanceAsync(TimeSpan.FromDays(1));

        foreach (var c in held)
        {
            Assert.Equal("recoveryFollowUp", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);
            await _kit.CompleteAsync(c.Id, "recoveryFollowUp", "Done", data: new() { ["followUpNote"] = "All good again." });
            Assert.Single(await SurveyInvitationsAsync(c.Id));
        }

        Assert.All(await LinksAsync(emergency), l => Assert.Equal(l.HeldAt is not null, l.ReleasedAt is not null));
        await using (var db = _kit.Db.CreateDbContext())
        {
            var followUps = await db.CaseTasks.AsNoTracking().Where(t => t.ActivityId == "recoveryFollowUp").Select(t => t.CaseId).ToListAsync();
            Assert.Equal(held.Select(c => c.Id).Order(StringComparer.Ordinal), followUps.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task AFalseAlarm_LetsTheHeldCasesGoToo()
    {
        var (emergency, complaints) = await SpikeAsync();
        await ResolveAndFeedBackAsync(complaints[0]);

        await _kit.CompleteAsync(emergency.Id, "assess", "FalseAlarm", Gm, new() { ["assessment"] = "Ordinary Monday volume." });
        await _kit.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal("recoveryFollowUp", Assert.Single(await _kit.OpenTasksAsync(complaints[0].Id)).ActivityId);
    }

    // Ten service-process complaints within the hour: the spike detector opens an emergency linking them.
    private async Task<(Case Emergency, List<Case> Complaints)> SpikeAsync()
    {
        var filed = new List<Case>();
        for (var i = 0; i < 10; i++)
        {
            filed.Add(await _kit.Db.Get<CreateCaseHandler>().HandleAsync(new CreateCase("complaint", "phone", new CustomerInput($"Customer {i}", $"+86 138 0000 {1000 + i}", $"customer{i}@example.com", null), "Waited an hour on the line.", "service-process", null, ScenarioKit.Agent)));
            _kit.Db.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await _kit.Db.DrainAsync();
        Assert.Equal(1, await _kit.Db.Get<DetectComplaintSpikesHandler>().DetectAsync());
        await _kit.Db.DrainAsync();
        await using var db = _kit.Db.CreateDbContext();
        var emergencyId = await db.Emergencies.Select(e => e.CaseId).SingleAsync();
        return (await _kit.CaseAsync(emergencyId), filed);
    }

    // The complaint to the point where the follow-up would be scheduled.
    private async Task ResolveAndFeedBackAsync(Case c)
    {
        await _kit.ResolveAsync(c, "price");
        await _kit.CompleteAsync(c.Id, "feedback", "FedBack", data: new() { ["feedbackChannel"] = "phone", ["customerSatisfied"] = true });
        await _kit.CompleteDepartmentTasksAsync(c);
    }

    // The general manager activates it at level IV, everything is handled, and the command declares it over.
    private async Task TerminateAsync(Case e)
    {
        await _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "IV", ["assessment"] = "Queue overloaded by one process fault." });
        await _kit.CompleteAsync(e.Id, "initialAssessment", "Done", Gm, new() { ["cause"] = "A broken IVR menu.", ["scope"] = "Service-process callers.", ["losses"] = "None." });
        await _kit.CompleteAsync(e.Id, "handlingPlan", "Done", Gm, new() { ["plan"] = "Fix the menu.", ["callReserve"] = false });
        foreach (var task in (await _kit.OpenTasksAsync(e.Id)).Where(t => t.ActivityId != "declareTermination"))
            await _kit.CompleteAsync(e.Id, task.ActivityId, task.Outcomes[0], task.Assignee == "gm" ? Gm : Head, task.Form.Where(f => f.Required).ToDictionary(f => f.Name, object? (_) => "Done."));
        await _kit.CompleteAsync(e.Id, "declareTermination", "Terminate", Gm, new() { ["controlled"] = true, ["normalOperation"] = true, ["noFurtherImpact"] = true });
    }

    private async Task<List<string>> SurveyInvitationsAsync(string caseId) =>
        [.. (await _kit.MessagesAsync(caseId)).Where(m => m.IdempotencyKey.StartsWith("survey-invite:", StringComparison.Ordinal)).Select(m => m.Id)];

    private async Task<CaseLink> LinkAsync(Case emergency, Case c) => (await LinksAsync(emergency)).Single(l => l.LinkedCaseId == c.Id);

    private async Task<List<CaseLink>> LinksAsync(Case emergency)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == emergency.Id).ToListAsync();
    }

    private async Task<List<string>> TimelineAsync(string caseId)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.Timeline.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.Id).Select(t => t.Title).ToListAsync();
    }
}
