using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

public sealed class FireTestRunTimerTests : TestRunTests
{
    [Fact]
    public async Task Fire_ResumesATimerWaitNow_AsIfItsTimeHadCome()
    {
        var run = await Kit.StartAsync("reminder", TestDefinitions.WaitForDelay("2.00:00:00"));
        var timer = Assert.Single(run.Waits);
        Assert.Equal((TestRunWaitKinds.Timer, "Elsa.Delay"), (timer.Kind, timer.Name));
        Assert.Equal(Kit.Db.Clock.GetUtcNow().AddDays(2), timer.DueAt);

        run = await Kit.FireAsync(run, timer.BookmarkId);

        Assert.Equal(WorkflowSubStatus.Finished, run.SubStatus);
        Assert.Equal(["fired"], run.Console);
        Assert.Equal(new TestRunAction("fire", timer.BookmarkId) { At = run.LastAction.At }, run.LastAction);
        Assert.Empty(Kit.Db.Scheduler.Timers);
    }

    [Fact]
    public async Task Fire_OfATimerTheRunDoesNotWaitFor_IsNotFound_EvenWhenTheIdIsAnotherKindOfWait()
    {
        var run = await Kit.StartAsync();
        var task = TestRunKit.Task(run, "classify");

        await Assert.ThrowsAsync<NotFoundException>(() => Kit.FireAsync(run, "no-such-bookmark"));
        await Assert.ThrowsAsync<NotFoundException>(() => Kit.FireAsync(run, task.BookmarkId));
    }

    [Fact]
    public async Task FiringTheFirstResponseClock_TakesTheBreachedPort_AndTellsTheSupervisor_AsAnEffectOnly()
    {
        var run = await Kit.StartAsync();
        var clock = Assert.Single(run.Waits, w => w.ActivityId == "slaFirstResponse");

        run = await Kit.FireAsync(run, clock.BookmarkId);

        Assert.Equal(["Breached"], Assert.Single(run.Steps, s => s.ActivityId == "slaFirstResponse" && s.Event == "Completed").Outcomes);
        Assert.Contains(run.Effects, e => e.Kind == Activities.CaseOutboxKinds.SlaBreached && e.ActivityId == "slaFirstResponse");
        Assert.Contains(run.Effects, e => e.Kind == Activities.CaseOutboxKinds.Notify && e.ActivityId == "firstResponseOverdue");
    }
}
