using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary>The parked-event race on the real store: two processes over one SQLite file (or one PostgreSQL database), the interleaving forced.</summary>
public abstract class ParkedEventRaceOverEfTests : IAsyncLifetime
{
    protected abstract bool OnPostgres { get; }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(postgres: OnPostgres);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ABookmarkCommittedByAnotherProcessWhileTheEventWasBeingParked_GetsTheEvent_Once()
    {
        var definition = await _db.PublishAsync(TestDefinitions.WaitForEvent());
        var publisherLookedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookmarkSideDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookups = 0;
        var store = new LookupHook(_db.Store, async found =>
        {
            if (Interlocked.Increment(ref lookups) != 1)
                return;
            Assert.Empty(found);
            publisherLookedUp.SetResult();
            await bookmarkSideDone.Task.WaitAsync(Deadline);
        });
        var publisher = new DurableWorkflowRuntime(_db.Get<ActivityRegistry>(), _db.Services.GetServices<IExpressionEvaluator>(), _db.Definitions, store, new ManualWorkScheduler(), _db.Clock);
        using var other = _db.NewProcess();
        var waiter = other.GetRequiredService<DurableWorkflowRuntime>();

        var publishing = Task.Run(() => publisher.PublishEventAsync("Approved", "case-1", "late", "event-1"));
        await publisherLookedUp.Task.WaitAsync(Deadline);
        // Commits the bookmark and looks for parked events: none yet.
        var state = await waiter.StartAsync(definition, new StartWorkflowOptions { CorrelationId = "case-1" });
        Assert.Equal(WorkflowSubStatus.Suspended, (await _db.Store.FindAsync(state.Id))!.Snapshot.State.SubStatus);
        bookmarkSideDone.SetResult();

        Assert.Equal(1, await publishing.WaitAsync(Deadline));
        Assert.Equal(WorkflowSubStatus.Finished, (await _db.Store.FindAsync(state.Id))!.Snapshot.State.SubStatus);
        await using var db = _db.CreateDbContext();
        Assert.Equal(["before", "after"], await EfWorkflowInstanceStore.GetLinesAsync(db, state.Id));
        Assert.Single(await _db.Runtime.GetJournalAsync(state.Id, 0, 1000), r => r.ActivityId == "wait" && r.EventName == JournalEvents.Resumed);
        Assert.NotNull(Assert.Single(db.QueuedStimuli.ToList()).ConsumedAt);
    }

    /// <summary>The EF store, with a hook after each bookmark lookup.</summary>
    private sealed class LookupHook(IWorkflowInstanceStore inner, Func<IReadOnlyList<StoredBookmark>, Task> afterFindBookmarks) : IWorkflowInstanceStore
    {
        public Task<StoredInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) => inner.FindAsync(instanceId, cancellationToken);

        public Task CommitAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken = default) => inner.CommitAsync(commits, cancellationToken);

        public async Task<IReadOnlyList<StoredBookmark>> FindBookmarksAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default)
        {
            var found = await inner.FindBookmarksAsync(name, hash, correlationId, cancellationToken);
            await afterFindBookmarks(found);
            return found;
        }

        public Task<IReadOnlyList<StoredBookmark>> FindTimersAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken = default) => inner.FindTimersAsync(upTo, max, cancellationToken);

        public Task EnqueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken = default) => inner.EnqueueStimulusAsync(stimulus, cancellationToken);

        public Task<IReadOnlyList<QueuedStimulus>> FindQueuedStimuliAsync(string name, string hash, DateTimeOffset now, CancellationToken cancellationToken = default) => inner.FindQueuedStimuliAsync(name, hash, now, cancellationToken);

        public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(int max, CancellationToken cancellationToken = default) => inner.ListUndispatchedAsync(max, cancellationToken);
        public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(string instanceId, long upToSequence, CancellationToken cancellationToken = default) => inner.ListUndispatchedAsync(instanceId, upToSequence, cancellationToken);

        public Task<(OutboxMessage Message, bool Dispatched)?> FindOutboxMessageAsync(string outboxMessageId, CancellationToken cancellationToken = default) => inner.FindOutboxMessageAsync(outboxMessageId, cancellationToken);

        public Task MarkDispatchedAsync(string outboxMessageId, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.MarkDispatchedAsync(outboxMessageId, at, cancellationToken);

        public Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default) => inner.GetJournalAsync(instanceId, skip, take, cancellationToken);
    }
}

public sealed class ParkedEventRaceOverEfOnSqliteTests : ParkedEventRaceOverEfTests
{
    protected override bool OnPostgres => false;
}

public sealed class ParkedEventRaceOverEfOnPostgresTests : ParkedEventRaceOverEfTests
{
    protected override bool OnPostgres => true;
}
