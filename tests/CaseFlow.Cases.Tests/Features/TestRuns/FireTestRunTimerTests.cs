using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

public sealed class FireTestRunTimerTests : IAsyncLifetime
{
    private TestRunKit _kit = null!;

    public async Task InitializeAsync() => _kit = await TestRunKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task Fire_ResumesATimerWaitNow_AsIfItsTimeHadCome()
    {
        var run = await _kit.StartAsync("reminder", TestDefinitions.WaitForDelay("2.00:00:00"));
        var timer = Assert.Single(run.Waits);
        Assert.Equal((TestRunWaitKinds.Timer, "Elsa.Delay"), (timer.Kind, timer.Name));
        Assert.Equal(_kit.Db.Clock.GetUtcNow().AddDays(2), timer.DueAt);

        run = await _kit.FireAsync(run, timer.BookmarkId);

        Assert.Equal(WorkflowSubStatus.Finished, run.SubStatus);
        Assert.Equal(["fired"], run.Console);
        Assert.Equal(new TestRunAction("fire", timer.BookmarkId) { At = run.LastAction.At }, run.LastAction);
        Assert.Empty(_kit.Db.Scheduler.Timers);
    }

    [Fact]
    public async Task Fire_OfATimerTheRunDoesNotWaitFor_IsNotFound_EvenWhenTheIdIsAnotherKindOfWait()
    {
        var run = await _kit.StartAsync();
        var task = TestRunKit.Task(run, "classify");

        await Assert.ThrowsAsync<NotFoundException>(() => _kit.FireAsync(run, "no-such-bookmark"));
        await Assert.ThrowsAsync<NotFoundException>(() => _kit.FireAsync(run, task.BookmarkId));
    }

    [Fact]
    public async Task FiringTheFirstResponseClock_TakesTheBreachedPort_AndTellsTheSupervisor_AsAnEffectOnly()
    {
        var run = await _kit.StartAsync();
        var clock = Assert.Single(run.Waits, w => w.ActivityId == "slaFirstResponse");

        run = await _kit.FireAsync(run, clock.BookmarkId);

        Assert.Equal(["Breached"], Assert.Single(run.Steps, s => s.ActivityId == "slaFirstResponse" && s.Event == "Completed").Outcomes);
        Assert.Contains(run.Effects, e => e.Kind == Activities.CaseOutboxKinds.SlaBreached && e.ActivityId == "slaFirstResponse");
        Assert.Contains(run.Effects, e => e.Kind == Activities.CaseOutboxKinds.Notify && e.ActivityId == "firstResponseOverdue");
    }
}
