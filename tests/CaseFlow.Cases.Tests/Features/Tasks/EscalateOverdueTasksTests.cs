using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Tests.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Tasks;

/// <summary>
/// Level-by-level escalation on the shipped complaint workflow and the demo organisation (agent → supervisor →
/// CS manager → department head → GM): a task nobody acts on in time climbs one level per overdue period.
/// </summary>
public sealed class EscalateOverdueTasksTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync(withOrganisation: true, services: s => s.AddLogging());

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private EscalateOverdueTasksHandler Escalations => _kit.Db.Get<EscalateOverdueTasksHandler>();

    [Fact]
    public async Task AnEscalatedComplaintNobodyAnswers_ClimbsTheSuperiorChainOneLevelPerOverduePeriod_UpToTheGeneralManager()
    {
        var c = await EscalatedComplaintAsync();
        var task = await TaskAsync(c, "supervisorInstruction");
        Assert.Equal((null, "Supervisor", true, 0), (task.Assignee, task.CandidateRole, task.Escalates, task.EscalationLevel));

        var holders = new List<string?>();
        for (var level = 1; level <= 4; level++)
        {
            await OverdueAsync();
            Assert.Equal(1, await Escalations.EscalateAsync());
            Assert.Equal(0, await Escalations.EscalateAsync()); // not due again yet: one level per period
            task = await TaskAsync(c, "supervisorInstruction");
            holders.Add(task.Assignee);
            Assert.Equal(level, task.EscalationLevel);
            Assert.True(task.DueAt > _kit.Db.Clock.GetUtcNow());
        }

        Assert.Equal(["supervisor", "manager", "head", "gm"], holders);
        await OverdueAsync();
        Assert.Equal(0, await Escalations.EscalateAsync());
        task = await TaskAsync(c, "supervisorInstruction");
        Assert.Equal(("gm", false), (task.Assignee, task.Escalates));

        await _kit.Db.DrainAsync();
        var messages = (await _kit.MessagesAsync(c.Id)).Where(m => m.Subject!.StartsWith("Escalated to you", StringComparison.Ordinal)).ToList();
        Assert.Equal(["supervisor", "manager", "head", "gm"], messages.Select(m => m.Recipient));
        var timeline = (await _kit.DetailsAsync(c.Id)).Timeline.Select(t => t.Title).ToList();
        Assert.Contains(timeline, t => t.StartsWith("Task escalated to Liu Yang (level 1)", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Task escalated to Zhou Min (level 4)", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Task overdue at the top of the chain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheEscalatedHolder_CanAnswer_AndTheComplaintGoesOn()
    {
        var c = await EscalatedComplaintAsync();
        await OverdueAsync();
        await Escalations.EscalateAsync();
        await OverdueAsync();
        await Escalations.EscalateAsync();

        await _kit.CompleteAsync(c.Id, "supervisorInstruction", "Instructed", CaseFlow.Cases.Features.Common.Actor.Of("manager", "Manager"), new() { ["instruction"] = "Refund in full." });

        Assert.Contains(await _kit.OpenTasksAsync(c.Id), t => t.ActivityId == "priceCheck");
        await OverdueAsync();
        Assert.Equal(0, await Escalations.EscalateAsync());
    }

    [Fact]
    public async Task ADepartmentTaskNobodyTakes_GoesAboveTheDepartmentHead()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "product-quality" });
        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Asked for photos." });
        await _kit.CompleteAsync(c.Id, "verifyProblem", "Confirmed", data: new() { ["verification"] = "Burnt motor." });
        await _kit.CompleteAsync(c.Id, "offerRemedy", "Done", data: new() { ["remedy"] = "return" });
        var improvement = await TaskAsync(c, "qualityImprovement");
        Assert.Equal(("quality", (string?)null), (improvement.Department, improvement.Assignee)); // the quality head has no sign-in

        _kit.Db.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(1, await Escalations.EscalateAsync());

        Assert.Equal("gm", (await TaskAsync(c, "qualityImprovement")).Assignee);
    }

    [Fact]
    public async Task TheCaseSweep_EscalatesOverdueTasks_AndDeliversTheMessage()
    {
        var c = await EscalatedComplaintAsync();
        await OverdueAsync();

        await _kit.Db.Get<CaseFlow.Cases.Jobs.CaseSweepJob>().RunAsync(CancellationToken.None);

        Assert.Equal("supervisor", (await TaskAsync(c, "supervisorInstruction")).Assignee);
        var message = Assert.Single(await _kit.MessagesAsync(c.Id), m => m.Subject!.StartsWith("Escalated to you", StringComparison.Ordinal));
        Assert.Equal(NotificationStatus.Sent, message.Status);
    }

    [Fact]
    public async Task ATaskDoneInTime_IsNeverEscalated()
    {
        var c = await EscalatedComplaintAsync();
        await _kit.CompleteAsync(c.Id, "supervisorInstruction", "Instructed", ScenarioKit.Supervisor, new() { ["instruction"] = "Refund in full." });

        await OverdueAsync();

        Assert.Equal(0, await Escalations.EscalateAsync());
        Assert.Equal(0, (await TaskAsync(c, "supervisorInstruction")).EscalationLevel);
    }

    private async Task<Case> EscalatedComplaintAsync()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });
        await _kit.CompleteAsync(c.Id, "initialHandling", "MajorIssue", data: new() { ["initialResult"] = "Affects every buyer of the promotion." });
        return c;
    }

    // Four business hours each: three calendar days pass any weekend or night in between.
    private Task OverdueAsync()
    {
        _kit.Db.Clock.Advance(TimeSpan.FromDays(3));
        return Task.CompletedTask;
    }

    private async Task<CaseTask> TaskAsync(Case c, string activityId)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.CaseTasks.AsNoTracking().SingleAsync(t => t.CaseId == c.Id && t.ActivityId == activityId);
    }
}
