using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Durability;

public class DurableWorkflowRuntimeTests
{
    private static WorkflowDefinition WaitForEvent(string id = "approval", string eventName = "Approved") =>
        new WorkflowBuilder(id)
            .Flowchart(f => f.Start().WriteLine("before", "before").Event("wait", eventName).WriteLine("after", "after").Chain("start", "before", "wait", "after"))
            .Build();

    private static WorkflowDefinition WaitForDelay(string delay = "00:10:00") =>
        new WorkflowBuilder("reminder")
            .Variable("Fired", "Int32", "0")
            .Flowchart(f => f.Start().Delay("wait", delay).SetVariable("count", "Fired", Expr.JavaScript("getFired() + 1"), "Int32").WriteLine("after", "fired").Chain("start", "wait", "count", "after"))
            .Build();

    [Fact]
    public async Task Start_CommitsTheSuspendedInstanceWithItsBookmarkAndLines()
    {
        var harness = new DurableHarness(WaitForEvent());

        var state = await harness.Runtime.StartAsync(WaitForEvent());

        var stored = await harness.StateOf(state.Id);
        Assert.Equal(WorkflowSubStatus.Suspended, stored.SubStatus);
        Assert.Equal("Elsa.Event", Assert.Single(stored.Bookmarks).Name);
        Assert.Equal(["before"], harness.LinesOf(state.Id));
        Assert.Contains(await harness.Runtime.GetJournalAsync(state.Id), r => r.EventName == JournalEvents.Suspended && r.ActivityId == "wait");
    }

    [Fact]
    public async Task PublishEvent_ResumesTheInstanceFromTheStore_InANewProcess()
    {
        var harness = new DurableHarness(WaitForEvent());
        var state = await harness.Runtime.StartAsync(WaitForEvent());

        var resumed = await harness.NewProcess().PublishEventAsync("Approved");

        Assert.Equal(1, resumed);
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(state.Id)).SubStatus);
        Assert.Equal(["before", "after"], harness.LinesOf(state.Id));
    }

    [Fact]
    public async Task Resume_IsANoOp_WhenTheSameBookmarkIsResumedAgain()
    {
        var harness = new DurableHarness(WaitForEvent());
        var state = await harness.Runtime.StartAsync(WaitForEvent());
        var bookmark = state.Bookmarks.Single().Id;

        var first = await harness.Runtime.ResumeAsync(state.Id, bookmark);
        var second = await harness.Runtime.ResumeAsync(state.Id, bookmark);

        Assert.Equal(ResumeOutcome.Resumed, first.Outcome);
        Assert.Equal(ResumeOutcome.InstanceFinished, second.Outcome);
        Assert.Equal(["before", "after"], harness.LinesOf(state.Id));
    }

    [Fact]
    public async Task ConcurrentResumesOfOneBookmark_ApplyExactlyOnce()
    {
        var harness = new DurableHarness(WaitForEvent());
        var state = await harness.Runtime.StartAsync(WaitForEvent());
        var bookmark = state.Bookmarks.Single().Id;
        var runtimes = Enumerable.Range(0, 8).Select(_ => harness.NewProcess()).ToList();

        var results = await Task.WhenAll(runtimes.Select(r => Task.Run(() => r.ResumeAsync(state.Id, bookmark))));

        Assert.Equal(1, results.Count(r => r.Outcome == ResumeOutcome.Resumed));
        Assert.Equal(["before", "after"], harness.LinesOf(state.Id));
        Assert.Equal(1, (await harness.Runtime.GetJournalAsync(state.Id)).Count(r => r.ActivityId == "after" && r.EventName == JournalEvents.Completed));
    }

    [Fact]
    public async Task ConcurrentResumesOfTwoBranches_BothApply_AndTheJoinRunsOnce()
    {
        var definition = new WorkflowBuilder("two-approvals")
            .Flowchart(f => f
                .Start()
                .Fork("fork", "A", "B")
                .Event("a", "ApprovedA")
                .Event("b", "ApprovedB")
                .Join("join", "WaitAll")
                .WriteLine("done", "both approved")
                .Connect("start", "fork").Connect("fork", "a", "A").Connect("fork", "b", "B")
                .Connect("a", "join").Connect("b", "join").Connect("join", "done"))
            .Build();
        var harness = new DurableHarness(definition);
        var state = await harness.Runtime.StartAsync(definition);
        var first = harness.NewProcess();
        var second = harness.NewProcess();

        await Task.WhenAll(Task.Run(() => first.PublishEventAsync("ApprovedA")), Task.Run(() => second.PublishEventAsync("ApprovedB")));

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(state.Id)).SubStatus);
        Assert.Equal(["both approved"], harness.LinesOf(state.Id));
    }

    [Fact]
    public async Task Timer_IsScheduledAfterCommit_AndFiresOnce_EvenIfItsJobRunsTwice()
    {
        var harness = new DurableHarness(WaitForDelay());
        var state = await harness.Runtime.StartAsync(WaitForDelay());
        var (instanceId, bookmarkId, dueAt) = Assert.Single(harness.Scheduler.Timers);
        Assert.Equal(harness.Clock.GetUtcNow().AddMinutes(10), dueAt);

        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var first = await harness.Runtime.FireTimerAsync(instanceId, bookmarkId);
        var retried = await harness.NewProcess().FireTimerAsync(instanceId, bookmarkId);

        Assert.Equal(ResumeOutcome.Resumed, first.Outcome);
        Assert.NotEqual(ResumeOutcome.Resumed, retried.Outcome);
        Assert.Equal(state.Id, instanceId);
        Assert.Equal(["fired"], harness.LinesOf(state.Id));
        var stored = await harness.Store.FindAsync(state.Id);
        Assert.Equal(WorkflowSubStatus.Finished, stored!.Snapshot.State.SubStatus);
    }

    // A follow-up waits a day after the feedback task: the timer comes into being in a resumed burst, and its job must
    // be scheduled then, not left to the timer sweep (it was: the bookmarks "before" were read after the burst ran).
    [Fact]
    public async Task ATimerCreatedByAResumedBurst_IsScheduledAfterItsCommit()
    {
        var definition = new WorkflowBuilder("approve-then-wait")
            .Flowchart(f => f.Start().Event("approved", "Approved").Delay("wait", "00:10:00").WriteLine("after", "fired").Chain("start", "approved", "wait", "after"))
            .Build();
        var harness = new DurableHarness(definition);
        var state = await harness.Runtime.StartAsync(definition);
        Assert.Empty(harness.Scheduler.Timers);

        Assert.Equal(1, await harness.Runtime.PublishEventAsync("Approved"));

        var (instanceId, bookmarkId, dueAt) = Assert.Single(harness.Scheduler.Timers);
        Assert.Equal(state.Id, instanceId);
        Assert.Equal(harness.Clock.GetUtcNow().AddMinutes(10), dueAt);
        Assert.Equal(bookmarkId, Assert.Single((await harness.StateOf(state.Id)).Bookmarks).Id);
    }

    [Fact]
    public async Task Recover_FiresOverdueTimersAndReschedulesFutureOnes_AfterARestartThatLostTheJobs()
    {
        var harness = new DurableHarness(WaitForDelay("00:05:00"));
        var overdue = await harness.Runtime.StartAsync(WaitForDelay("00:05:00"));
        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        var pending = await harness.Runtime.StartAsync(WaitForDelay("00:05:00"));
        harness.Clock.Advance(TimeSpan.FromMinutes(2));

        var restarted = harness.NewProcess();
        await restarted.RecoverAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(overdue.Id)).SubStatus);
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.StateOf(pending.Id)).SubStatus);
        var (instanceId, _, dueAt) = Assert.Single(harness.Scheduler.Timers);
        Assert.Equal(pending.Id, instanceId);
        Assert.True(dueAt > harness.Clock.GetUtcNow());
    }

    // Nodes sharing a durable job storage: the future timers' jobs survived, so a node's start schedules no second copy.
    [Fact]
    public async Task Recover_WithoutReschedulingFutureTimers_FiresOverdueOnes_AndSchedulesNothing()
    {
        var harness = new DurableHarness(WaitForDelay("00:05:00"));
        var overdue = await harness.Runtime.StartAsync(WaitForDelay("00:05:00"));
        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        var pending = await harness.Runtime.StartAsync(WaitForDelay("00:05:00"));
        harness.Clock.Advance(TimeSpan.FromMinutes(2));

        var restarted = harness.NewProcess();
        await restarted.RecoverAsync(rescheduleFutureTimers: false);

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(overdue.Id)).SubStatus);
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.StateOf(pending.Id)).SubStatus);
        Assert.Empty(harness.Scheduler.Timers);
    }

    [Fact]
    public async Task FireDueTimers_FiresOnlyTimersThatAreDue()
    {
        var harness = new DurableHarness(WaitForDelay("00:01:00"));
        var state = await harness.Runtime.StartAsync(WaitForDelay("00:01:00"));

        Assert.Equal(0, await harness.Runtime.FireDueTimersAsync());
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await harness.Runtime.FireDueTimersAsync());
        Assert.Equal(0, await harness.Runtime.FireDueTimersAsync());

        Assert.Equal(["fired"], harness.LinesOf(state.Id));
    }

    [Fact]
    public async Task EventPublishedJustBeforeTheBookmarkExists_IsQueued_AndDeliveredWhenItAppears()
    {
        var harness = new DurableHarness(WaitForEvent());

        var resumedEarly = await harness.Runtime.PublishEventAsync("Approved", payload: "early");
        var state = await harness.Runtime.StartAsync(WaitForEvent());

        Assert.Equal(0, resumedEarly);
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(state.Id)).SubStatus);
        Assert.Equal(["before", "after"], harness.LinesOf(state.Id));
    }

    // The same when the bookmark comes into being in a later burst, not at the start.
    [Fact]
    public async Task EventPublishedBeforeAResumedBurstCreatesItsBookmark_IsDeliveredWhenItAppears()
    {
        var definition = new WorkflowBuilder("approve-then-ship")
            .Flowchart(f => f.Start().Event("approved", "Approved").Event("shipped", "Shipped").WriteLine("after", "shipped").Chain("start", "approved", "shipped", "after"))
            .Build();
        var harness = new DurableHarness(definition);
        var state = await harness.Runtime.StartAsync(definition);

        Assert.Equal(0, await harness.Runtime.PublishEventAsync("Shipped"));
        Assert.Equal(1, await harness.Runtime.PublishEventAsync("Approved"));

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(state.Id)).SubStatus);
        Assert.Equal(["shipped"], harness.LinesOf(state.Id));
    }

    [Fact]
    public async Task QueuedEvent_Expires()
    {
        var harness = new DurableHarness(WaitForEvent());
        await harness.Runtime.PublishEventAsync("Approved");
        harness.Clock.Advance(harness.Runtime.Options.StimulusQueueTimeToLive + TimeSpan.FromSeconds(1));

        var state = await harness.Runtime.StartAsync(WaitForEvent());

        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.StateOf(state.Id)).SubStatus);
    }

    [Fact]
    public async Task ChildWorkflow_CommitsWithItsParent_AndItsCompletionResumesTheParentOnce()
    {
        var child = new WorkflowBuilder("child")
            .Flowchart(f => f.Start().WriteLine("c1", "child waits").Event("wait", "ChildGo").WriteLine("c2", "child done").Chain("start", "c1", "wait", "c2"))
            .Build();
        var parent = new WorkflowBuilder("parent")
            .Flowchart(f => f.Start()
                .WriteLine("p1", "parent before")
                .Add("call", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Expr.Literal("child")), ("waitForCompletion", Expr.Literal(true, "Boolean")))
                .WriteLine("p2", "parent after")
                .Chain("start", "p1", "call", "p2"))
            .Build();
        var harness = new DurableHarness(child, parent);
        var parentState = await harness.Runtime.StartAsync(parent);
        var childBookmark = Assert.Single(await harness.Store.FindBookmarksAsync("Elsa.Event", Bookmark.ComputeHash("Elsa.Event", new Dictionary<string, object?> { ["eventName"] = "ChildGo" }, null), null));

        await harness.NewProcess().PublishEventAsync("ChildGo");
        await harness.DispatchAllAsync();
        await harness.DispatchAllAsync();

        Assert.Equal(parentState.Id, (await harness.StateOf(childBookmark.InstanceId)).ParentWorkflowInstanceId);
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(childBookmark.InstanceId)).SubStatus);
        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(parentState.Id)).SubStatus);
        Assert.Equal(["parent before", "parent after"], harness.LinesOf(parentState.Id));
        Assert.Equal(["child waits", "child done"], harness.LinesOf(childBookmark.InstanceId));
    }

    [Fact]
    public async Task PublishEventActivity_IsDeliveredThroughTheOutbox_ToOtherInstances()
    {
        var publisher = new WorkflowBuilder("publisher")
            .Flowchart(f => f.Start().PublishEvent("publish", "Approved", local: false).Chain("start", "publish"))
            .Build();
        var harness = new DurableHarness(WaitForEvent(), publisher);
        var waiting = await harness.Runtime.StartAsync(WaitForEvent());

        await harness.Runtime.StartAsync(publisher);
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.StateOf(waiting.Id)).SubStatus);
        await harness.DispatchAllAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(waiting.Id)).SubStatus);
    }

    [Fact]
    public async Task Recover_RedispatchesOutboxMessagesThatWereNeverDelivered()
    {
        var publisher = new WorkflowBuilder("publisher")
            .Flowchart(f => f.Start().PublishEvent("publish", "Approved", local: false).Chain("start", "publish"))
            .Build();
        var harness = new DurableHarness(WaitForEvent(), publisher);
        var waiting = await harness.Runtime.StartAsync(WaitForEvent());
        await harness.Runtime.StartAsync(publisher);

        var restarted = harness.NewProcess();
        await restarted.RecoverAsync();
        await harness.DispatchAllAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await harness.StateOf(waiting.Id)).SubStatus);
        Assert.Empty(await harness.Store.ListUndispatchedAsync(10));
    }

    [Fact]
    public async Task Cancel_EndsTheInstanceWithAJournalEntry()
    {
        var harness = new DurableHarness(WaitForEvent());
        var state = await harness.Runtime.StartAsync(WaitForEvent());

        Assert.True(await harness.Runtime.CancelAsync(state.Id));

        var stored = await harness.StateOf(state.Id);
        Assert.Equal(WorkflowSubStatus.Cancelled, stored.SubStatus);
        Assert.Empty(stored.Bookmarks);
        Assert.Contains(await harness.Runtime.GetJournalAsync(state.Id), r => r.EventName == JournalEvents.WorkflowCancelled);
        Assert.False(await harness.Runtime.CancelAsync(state.Id));
    }

    [Fact]
    public async Task RetryIncident_ReRunsTheFaultedActivity_AfterTheCauseWasFixed()
    {
        var parent = new WorkflowBuilder("needs-child")
            .Flowchart(f => f.Start()
                .Add("call", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Expr.Literal("late-child")), ("waitForCompletion", Expr.Literal(true, "Boolean")))
                .WriteLine("after", "after")
                .Chain("start", "call", "after"))
            .Build();
        var harness = new DurableHarness(parent);
        var state = await harness.Runtime.StartAsync(parent);
        var incident = Assert.Single((await harness.StateOf(state.Id)).Incidents);
        Assert.Equal(WorkflowSubStatus.Faulted, (await harness.StateOf(state.Id)).SubStatus);

        harness.Definitions.Add(new WorkflowBuilder("late-child").Flowchart(f => f.WriteLine("c", "child ran")).Build());
        Assert.True(await harness.Runtime.RetryIncidentAsync(state.Id, incident.Id));

        var stored = await harness.StateOf(state.Id);
        Assert.Equal(WorkflowSubStatus.Finished, stored.SubStatus);
        Assert.Empty(stored.Incidents);
        Assert.Equal(["after"], harness.LinesOf(state.Id));
        Assert.Contains(await harness.Runtime.GetJournalAsync(state.Id), r => r.EventName == JournalEvents.Retried);
    }

    [Fact]
    public async Task RunningInstances_StayOnTheirVersion_AfterANewVersionIsPublished()
    {
        var v1 = WaitForEvent();
        v1.Id = "approval-v1";
        v1.IsPublished = true;
        var harness = new DurableHarness(v1);
        var running = await harness.Runtime.StartAsync(v1);

        var v2 = new WorkflowBuilder("approval")
            .Flowchart(f => f.Start().WriteLine("before", "v2 before").Event("wait", "Approved").WriteLine("after", "v2 after").Chain("start", "before", "wait", "after"))
            .Build();
        v2.Id = "approval-v2";
        v2.Version = 2;
        v2.IsPublished = true;
        v1.IsPublished = false;
        harness.Definitions.Add(v2);
        await harness.NewProcess().PublishEventAsync("Approved");

        Assert.Equal(["before", "after"], harness.LinesOf(running.Id));
        Assert.Equal("approval-v1", (await harness.StateOf(running.Id)).DefinitionVersionId);
    }

    [Fact]
    public async Task Journal_IsReturnedInSequenceOrder_AcrossBursts()
    {
        var harness = new DurableHarness(WaitForEvent());
        var state = await harness.Runtime.StartAsync(WaitForEvent());
        await harness.Runtime.PublishEventAsync("Approved");

        var journal = await harness.Runtime.GetJournalAsync(state.Id, 0, 1000);
        var page = await harness.Runtime.GetJournalAsync(state.Id, 2, 3);

        Assert.Equal(journal.Select(r => r.Sequence).Order(), journal.Select(r => r.Sequence));
        Assert.Equal(journal.Count, journal.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(journal.Skip(2).Take(3).Select(r => r.Sequence), page.Select(r => r.Sequence));
        Assert.Contains(journal, r => r.EventName == JournalEvents.Resumed && r.ActivityId == "wait");
    }
}
