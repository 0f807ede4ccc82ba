using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Activities.Events;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Durability;

/// <summary>
/// An event published while its bookmark is being committed: the publisher's lookup finds nothing and it parks the
/// event, the bookmark's burst commits and looks for parked events. Each interleaving of the two is forced with a
/// store decorator; in every one the event resumes exactly one waiting instance, once.
/// </summary>
public class ParkedEventRaceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static WorkflowDefinition WaitForEvent() =>
        new WorkflowBuilder("approval")
            .Flowchart(f => f.Start().WriteLine("before", "before").Event("wait", "Approved").WriteLine("after", "after").Chain("start", "before", "wait", "after"))
            .Build();

    private readonly InMemoryWorkflowInstanceStore _inner = new();
    private readonly HookedInstanceStore _store;
    private readonly TestClock _clock = new();

    public ParkedEventRaceTests() => _store = new HookedInstanceStore(_inner);

    private DurableWorkflowRuntime Runtime(IWorkflowInstanceStore store) =>
        new(ActivityRegistry.CreateDefault(), WorkflowEngine.CreateEvaluators(), new InMemoryWorkflowDefinitionProvider([WaitForEvent()]), store, new ManualWorkScheduler(), _clock);

    private List<string> LinesOf(string instanceId) => _inner.Lines.Where(l => l.InstanceId == instanceId).Select(l => l.Text).ToList();

    private Task<IReadOnlyList<QueuedStimulus>> ParkedAsync() =>
        _inner.FindQueuedStimuliAsync(Event.BookmarkName, Bookmark.ComputeHash(Event.BookmarkName, new Dictionary<string, object?> { ["eventName"] = "Approved" }, null), _clock.GetUtcNow());

    [Fact]
    public async Task ABookmarkCommittedBetweenThePublishersLookupAndItsParking_StillGetsTheEvent_Once()
    {
        // The publisher's first lookup finds nothing and then waits until the bookmark's burst has committed and
        // finished its own look for parked events (which finds nothing yet); only then does it park the event.
        var publisherLookedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookmarkSideDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookups = 0;
        _store.AfterFindBookmarks = async found =>
        {
            if (Interlocked.Increment(ref lookups) != 1)
                return;
            Assert.Empty(found);
            publisherLookedUp.SetResult();
            await bookmarkSideDone.Task.WaitAsync(Deadline);
        };
        var publisher = Runtime(_store);
        var waiter = Runtime(_inner);

        var publishing = Task.Run(() => publisher.PublishEventAsync("Approved", payload: "late"));
        await publisherLookedUp.Task.WaitAsync(Deadline);
        var state = await waiter.StartAsync(WaitForEvent());
        Assert.Equal(WorkflowSubStatus.Suspended, (await _inner.FindAsync(state.Id))!.Snapshot.State.SubStatus);
        bookmarkSideDone.SetResult();
        var resumed = await publishing.WaitAsync(Deadline);

        Assert.Equal(1, resumed);
        Assert.Equal(WorkflowSubStatus.Finished, (await _inner.FindAsync(state.Id))!.Snapshot.State.SubStatus);
        Assert.Equal(["before", "after"], LinesOf(state.Id));
        Assert.Single(await waiter.GetJournalAsync(state.Id, 0, 1000), r => r.ActivityId == "wait" && r.EventName == JournalEvents.Resumed);
        Assert.Empty(await ParkedAsync());
    }

    [Fact]
    public async Task TwoInstancesWaitingFromInsideTheWindow_OneTakesTheParkedEvent_AndACorrelatedEventOnlyItsOwn()
    {
        var publisherLookedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookmarksCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookups = 0;
        _store.AfterFindBookmarks = async _ =>
        {
            if (Interlocked.Increment(ref lookups) != 1)
                return;
            publisherLookedUp.SetResult();
            await bookmarksCommitted.Task.WaitAsync(Deadline);
        };
        var publisher = Runtime(_store);
        var waiter = Runtime(_inner);

        var publishing = Task.Run(() => publisher.PublishEventAsync("Approved", correlationId: "case-2"));
        await publisherLookedUp.Task.WaitAsync(Deadline);
        var other = await waiter.StartAsync(WaitForEvent(), new StartWorkflowOptions { CorrelationId = "case-1" });
        _clock.Advance(TimeSpan.FromSeconds(1));
        var mine = await waiter.StartAsync(WaitForEvent(), new StartWorkflowOptions { CorrelationId = "case-2" });
        _clock.Advance(TimeSpan.FromSeconds(1));
        var alsoMine = await waiter.StartAsync(WaitForEvent(), new StartWorkflowOptions { CorrelationId = "case-2" });
        bookmarksCommitted.SetResult();

        Assert.Equal(1, await publishing.WaitAsync(Deadline));
        Assert.Equal(["before"], LinesOf(other.Id));
        Assert.Equal(["before", "after"], LinesOf(mine.Id));
        Assert.Equal(["before"], LinesOf(alsoMine.Id));
        Assert.Empty(await ParkedAsync());
    }

    [Fact]
    public async Task BothSidesSeeEachOther_AndTheBookmarksCheckDeliversFirst_TheInstanceResumesOnce()
    {
        // publisher: lookup (empty) ... park, lookup again (sees the bookmark) ... deliver
        // bookmark:                commit ...                         look for parked (sees it), deliver
        var publisherLookedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookmarkCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisherLookedAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookmarkSideDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookups = 0;
        _store.AfterFindBookmarks = async found =>
        {
            if (Interlocked.Increment(ref lookups) == 1)
            {
                publisherLookedUp.SetResult();
                await bookmarkCommitted.Task.WaitAsync(Deadline);
            }
            else
            {
                Assert.Single(found);
                publisherLookedAgain.SetResult();
                await bookmarkSideDone.Task.WaitAsync(Deadline);
            }
        };
        var checks = 0;
        _store.BeforeFindQueued = async () =>
        {
            if (Interlocked.Increment(ref checks) != 1)
                return;
            bookmarkCommitted.SetResult();
            await publisherLookedAgain.Task.WaitAsync(Deadline);
        };
        var publisher = Runtime(_store);
        var waiter = Runtime(_store);

        var publishing = Task.Run(() => publisher.PublishEventAsync("Approved"));
        await publisherLookedUp.Task.WaitAsync(Deadline);
        var state = await Task.Run(() => waiter.StartAsync(WaitForEvent())).WaitAsync(Deadline);
        Assert.Equal(WorkflowSubStatus.Finished, (await _inner.FindAsync(state.Id))!.Snapshot.State.SubStatus);
        bookmarkSideDone.SetResult();

        Assert.Equal(0, await publishing.WaitAsync(Deadline));
        Assert.Equal(["before", "after"], LinesOf(state.Id));
        Assert.Single(await waiter.GetJournalAsync(state.Id, 0, 1000), r => r.ActivityId == "wait" && r.EventName == JournalEvents.Resumed);
        Assert.Empty(await ParkedAsync());
    }

    [Fact]
    public async Task BothSidesSeeEachOther_AndThePublisherDeliversFirst_TheInstanceResumesOnce()
    {
        var publisherLookedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookmarkCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookups = 0;
        _store.AfterFindBookmarks = async _ =>
        {
            if (Interlocked.Increment(ref lookups) != 1)
                return;
            publisherLookedUp.SetResult();
            await bookmarkCommitted.Task.WaitAsync(Deadline);
        };
        Task<int>? publishing = null;
        var checks = 0;
        _store.BeforeFindQueued = async () =>
        {
            if (Interlocked.Increment(ref checks) != 1)
                return;
            bookmarkCommitted.SetResult();
            // The publisher parks, looks again, finds the bookmark and resumes the instance before this check reads.
            await publishing!.WaitAsync(Deadline);
        };
        var publisher = Runtime(_store);
        var waiter = Runtime(_store);

        publishing = Task.Run(() => publisher.PublishEventAsync("Approved"));
        await publisherLookedUp.Task.WaitAsync(Deadline);
        var state = await Task.Run(() => waiter.StartAsync(WaitForEvent())).WaitAsync(Deadline);

        Assert.Equal(1, await publishing.WaitAsync(Deadline));
        Assert.Equal(["before", "after"], LinesOf(state.Id));
        Assert.Single(await waiter.GetJournalAsync(state.Id, 0, 1000), r => r.ActivityId == "wait" && r.EventName == JournalEvents.Resumed);
        Assert.Empty(await ParkedAsync());
    }
}
