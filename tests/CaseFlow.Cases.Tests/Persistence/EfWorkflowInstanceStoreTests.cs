using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary>
/// The <see cref="IWorkflowInstanceStore"/> contract (as <see cref="InMemoryWorkflowInstanceStore"/> defines it), run
/// on a real SQLite file (<see cref="EfWorkflowInstanceStoreOnSqliteTests"/>, with what only SQLite's group writer does)
/// and on a real PostgreSQL database (<see cref="EfWorkflowInstanceStoreOnPostgresTests"/>).
/// </summary>
public abstract class EfWorkflowInstanceStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase _db = null!;

    protected abstract bool OnPostgres { get; }

    private protected TestDatabase Database => _db;

    // Tests that hold SQLite's write lock from outside keep a burst waiting in the busy handler until they let go: long
    // enough that a loaded machine cannot time the burst out first.
    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(database: o => o.BusyTimeout = TimeSpan.FromMinutes(2), postgres: OnPostgres);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    protected EfWorkflowInstanceStore Store => _db.Store;

    [Fact]
    public async Task Commit_InsertsANewInstanceAtRevision1_AndFindReturnsItsSnapshot()
    {
        var snapshot = Snapshot("i1", correlationId: "case-7", bookmarks: [EventBookmark("b1", "Approved")]);
        snapshot.State.Input["Amount"] = 1500;

        await Store.CommitAsync([new InstanceCommit { Snapshot = snapshot }]);

        var stored = await Store.FindAsync("i1");
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Revision);
        Assert.Equal("case-7", stored.Snapshot.State.CorrelationId);
        Assert.Equal(1500, stored.Snapshot.State.Input["Amount"]);
        Assert.Equal("b1", Assert.Single(stored.Snapshot.State.Bookmarks).Id);
        Assert.Null(await Store.FindAsync("missing"));
    }

    [Fact]
    public async Task Commit_UpdatesWithTheExpectedRevision_AndWritesTheSummaryColumns()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1") }]);
        var finished = Snapshot("i1", WorkflowSubStatus.Finished);
        finished.State.FinishedAt = T0.AddMinutes(5);

        await Store.CommitAsync([new InstanceCommit { Snapshot = finished, ExpectedRevision = 1 }]);

        Assert.Equal(2, (await Store.FindAsync("i1"))!.Revision);
        await using var db = _db.CreateDbContext();
        var row = await db.WorkflowInstances.SingleAsync();
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, T0.AddMinutes(5), 2L), (row.Status, row.SubStatus, row.FinishedAt, row.Revision));
    }

    [Fact]
    public async Task Commit_Throws_WhenTheRevisionIsStale_AndChangesNothing()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1") }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 1 }]);

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", WorkflowSubStatus.Finished), ExpectedRevision = 1, Lines = ["stale"] }]));

        var stored = await Store.FindAsync("i1");
        Assert.Equal((2L, WorkflowSubStatus.Suspended), (stored!.Revision, stored.Snapshot.State.SubStatus));
        Assert.Empty(await Lines());
    }

    [Fact]
    public async Task Commit_Throws_WhenTheInstanceToUpdateDoesNotExist()
    {
        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("ghost"), ExpectedRevision = 3 }]));
    }

    [Fact]
    public async Task Commit_Throws_WhenInsertingAnIdThatExists()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), Lines = ["first"] }]);

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), Lines = ["second"] }]));

        Assert.Equal(["first"], await Lines());
        Assert.Equal(1, (await Store.FindAsync("i1"))!.Revision);
    }

    [Fact]
    public async Task Commit_WritesNothing_WhenOneInstanceOfTheBurstConflicts()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("parent") }, new InstanceCommit { Snapshot = Snapshot("other", bookmarks: [EventBookmark("ob", "Keep")]) }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("parent"), ExpectedRevision = 1 }]);

        // The first update is valid and runs its SQL before the third one fails its revision check.
        var burst = new[]
        {
            new InstanceCommit { Snapshot = Snapshot("other", WorkflowSubStatus.Finished), ExpectedRevision = 1, Lines = ["other line"] },
            new InstanceCommit { Snapshot = Snapshot("child", bookmarks: [EventBookmark("cb", "Go")]), Journal = [Record("child", 1)], Lines = ["child line"], Outbox = [Message("m1", "child")] },
            new InstanceCommit { Snapshot = Snapshot("parent"), ExpectedRevision = 1, Lines = ["parent line"] },
        };
        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => Store.CommitAsync(burst));

        Assert.Null(await Store.FindAsync("child"));
        Assert.Empty(await Lines());
        Assert.Empty(await Store.ListUndispatchedAsync(10));
        Assert.Empty(await Store.FindBookmarksAsync("Elsa.Event", EventHash("Go"), null));
        Assert.Equal(2, (await Store.FindAsync("parent"))!.Revision);
        var other = await Store.FindAsync("other");
        Assert.Equal((1L, WorkflowSubStatus.Suspended), (other!.Revision, other.Snapshot.State.SubStatus));
        Assert.Single(await Store.FindBookmarksAsync("Elsa.Event", EventHash("Keep"), null));
    }

    [Fact]
    public async Task Commit_ReplacesTheBookmarkRows_WithTheSnapshotsBookmarks()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", bookmarks: [EventBookmark("b1", "A"), EventBookmark("b2", "B")]) }]);

        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", bookmarks: [EventBookmark("b2", "B"), EventBookmark("b3", "C")]), ExpectedRevision = 1 }]);

        await using var db = _db.CreateDbContext();
        Assert.Equal(["b2", "b3"], await db.Bookmarks.OrderBy(b => b.Id).Select(b => b.Id).ToListAsync());
    }

    [Fact]
    public async Task Commit_KeepsTheBookmarkRowsInStep_WhetherItKnowsThePreviousRowsOrReadsThem()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "c1", bookmarks: [EventBookmark("b1", "A"), EventBookmark("b2", "B")]) }]);

        // Another process commits next: it knows nothing about the rows and reads them.
        var other = _db.NewProcess().GetRequiredService<EfWorkflowInstanceStore>();
        await other.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "c1", bookmarks: [EventBookmark("b2", "B"), EventBookmark("b3", "C")]), ExpectedRevision = 1 }]);

        // This store's knowledge (revision 1) is stale now: a commit at revision 2 must not use it.
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "c2", bookmarks: [EventBookmark("b3", "C"), EventBookmark("b4", "D")]), ExpectedRevision = 2 }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "c2", bookmarks: [EventBookmark("b4", "D")]), ExpectedRevision = 3 }]);

        await using var db = _db.CreateDbContext();
        Assert.Equal([("b4", "c2")], (await db.Bookmarks.OrderBy(b => b.Id).Select(b => new { b.Id, b.CorrelationId }).ToListAsync()).Select(b => (b.Id, b.CorrelationId)));
        Assert.Single(await Store.FindBookmarksAsync("Elsa.Event", EventHash("D"), "c2"));
        Assert.Empty(await Store.FindBookmarksAsync("Elsa.Event", EventHash("C"), null));
    }

    [Fact]
    public async Task FindBookmarks_MatchesNameHashAndCorrelation_OldestFirst_WithTheFullBookmark()
    {
        var late = EventBookmark("late", "Approved", T0.AddMinutes(2));
        var early = EventBookmark("early", "Approved", T0.AddMinutes(1));
        early.Metadata!["note"] = "x";
        await Store.CommitAsync([
            new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "c1", bookmarks: [late]) },
            new InstanceCommit { Snapshot = Snapshot("i2", correlationId: "c2", bookmarks: [early]) },
            new InstanceCommit { Snapshot = Snapshot("i3", correlationId: "c1", bookmarks: [EventBookmark("other", "Rejected")]) },
        ]);

        var all = await Store.FindBookmarksAsync("Elsa.Event", EventHash("Approved"), null);
        var correlated = await Store.FindBookmarksAsync("Elsa.Event", EventHash("Approved"), "c1");

        Assert.Equal(["early", "late"], all.Select(b => b.Bookmark.Id));
        var first = all[0];
        Assert.Equal(("i2", "c2", "Approved", "x", false, T0.AddMinutes(1)), (first.InstanceId, first.CorrelationId, first.Bookmark.Payload["eventName"], first.Bookmark.Metadata!["note"], first.Bookmark.AutoBurn, first.Bookmark.CreatedAt));
        Assert.Equal(("wait", "flow:wait", "ai-early"), (first.Bookmark.ActivityId, first.Bookmark.ActivityNodeId, first.Bookmark.ActivityInstanceId));
        Assert.Equal("late", Assert.Single(correlated).Bookmark.Id);
    }

    [Fact]
    public async Task FindBookmarks_SkipsFinishedInstances()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", bookmarks: [EventBookmark("b1", "Approved")]) }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", WorkflowSubStatus.Cancelled, bookmarks: [EventBookmark("b1", "Approved")]), ExpectedRevision = 1 }]);

        Assert.Empty(await Store.FindBookmarksAsync("Elsa.Event", EventHash("Approved"), null));
    }

    [Fact]
    public async Task FindTimers_ReturnsTimersDueUpToTheTime_EarliestFirst_AtMostMax()
    {
        await Store.CommitAsync([
            new InstanceCommit { Snapshot = Snapshot("i1", bookmarks: [Timer("t3", T0.AddHours(3)), EventBookmark("e1", "X")]) },
            new InstanceCommit { Snapshot = Snapshot("i2", bookmarks: [Timer("t1", T0.AddHours(1)), Timer("t2", T0.AddHours(2), "Elsa.Cron")]) },
        ]);

        Assert.Equal(["t1", "t2"], (await Store.FindTimersAsync(T0.AddHours(2), 10)).Select(t => t.Bookmark.Id));
        Assert.Equal(["t1"], (await Store.FindTimersAsync(T0.AddHours(5), 1)).Select(t => t.Bookmark.Id));
        var all = await Store.FindTimersAsync(DateTimeOffset.MaxValue, int.MaxValue);
        Assert.Equal(["t1", "t2", "t3"], all.Select(t => t.Bookmark.Id));
        Assert.Equal(T0.AddHours(3), all[2].Bookmark.DueAt);
        Assert.Empty(await Store.FindTimersAsync(T0, 10));
    }

    [Fact]
    public async Task Queue_FindsUnconsumedUnexpiredStimuli_OldestFirst()
    {
        var hash = EventHash("Approved");
        await Store.EnqueueStimulusAsync(new QueuedStimulus("s2", "Elsa.Event", hash, "c1", new Dictionary<string, object?> { ["by"] = "Li" }, T0.AddSeconds(2), T0.AddMinutes(1)));
        await Store.EnqueueStimulusAsync(new QueuedStimulus("s1", "Elsa.Event", hash, null, "text", T0.AddSeconds(1), T0.AddMinutes(1)));
        await Store.EnqueueStimulusAsync(new QueuedStimulus("expired", "Elsa.Event", hash, null, null, T0, T0.AddSeconds(30)));
        await Store.EnqueueStimulusAsync(new QueuedStimulus("other", "Elsa.Event", EventHash("Rejected"), null, null, T0, T0.AddMinutes(1)));

        var found = await Store.FindQueuedStimuliAsync("Elsa.Event", hash, T0.AddSeconds(30));

        Assert.Equal(["s1", "s2"], found.Select(s => s.Id));
        Assert.Equal("text", found[0].Input);
        Assert.Equal("Li", ((Dictionary<string, object?>)found[1].Input!)["by"]);
        Assert.Equal(("c1", T0.AddSeconds(2), T0.AddMinutes(1)), (found[1].CorrelationId, found[1].CreatedAt, found[1].ExpiresAt));
    }

    [Fact]
    public async Task Commit_WritesTheStatusAndCorrelationIdWhenTheyChange_WhetherOrNotTheStoreRemembersTheRevisionBefore()
    {
        // The update leaves indexed columns out when the remembered revision says they did not change.
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "a") }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "a"), ExpectedRevision = 1 }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "b"), ExpectedRevision = 2 }]);
        await using (var fresh = _db.NewProcess())
            await fresh.GetRequiredService<EfWorkflowInstanceStore>().CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", WorkflowSubStatus.Finished, correlationId: "b"), ExpectedRevision = 3 }]);

        await using var db = _db.CreateDbContext();
        var row = await db.WorkflowInstances.SingleAsync(i => i.CorrelationId == "b");
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 4L), (row.Status, row.SubStatus, row.Revision));
        Assert.False(await db.WorkflowInstances.AnyAsync(i => i.CorrelationId == "a"));
        Assert.Equal(1, await db.WorkflowInstances.CountAsync(i => i.DefinitionId == "def" && i.Status == WorkflowStatus.Finished));

        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "b"), ExpectedRevision = 4 }]);
        Assert.Equal(WorkflowStatus.Running, (await db.WorkflowInstances.AsNoTracking().SingleAsync()).Status);
    }

    [Fact]
    public async Task Enqueue_ReplacesAStimulusWithTheSameId_AndMakesItConsumableAgain()
    {
        var hash = EventHash("Approved");
        await Store.EnqueueStimulusAsync(new QueuedStimulus("s1", "Elsa.Event", hash, null, "first", T0, T0.AddMinutes(1)));
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ConsumedStimulusId = "s1" }]);

        await Store.EnqueueStimulusAsync(new QueuedStimulus("s1", "Elsa.Event", hash, null, "second", T0, T0.AddMinutes(1)));

        Assert.Equal("second", Assert.Single(await Store.FindQueuedStimuliAsync("Elsa.Event", hash, T0)).Input);
    }

    [Fact]
    public async Task Commit_ConsumesAQueuedStimulusOnce_ASecondConsumerConflicts()
    {
        var hash = EventHash("Approved");
        await Store.EnqueueStimulusAsync(new QueuedStimulus("s1", "Elsa.Event", hash, null, null, T0, T0.AddMinutes(1)));
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1") }, new InstanceCommit { Snapshot = Snapshot("i2") }]);

        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 1, ConsumedStimulusId = "s1" }]);

        Assert.Empty(await Store.FindQueuedStimuliAsync("Elsa.Event", hash, T0));
        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i2"), ExpectedRevision = 1, ConsumedStimulusId = "s1" }]));
        Assert.Equal(1, (await Store.FindAsync("i2"))!.Revision);

        // An unknown stimulus id (already expired and purged) is not a conflict.
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i2"), ExpectedRevision = 1, ConsumedStimulusId = "gone" }]);
    }

    [Fact]
    public async Task Outbox_ListsUndispatchedMessagesInOrder_AndMarksThemDispatched()
    {
        var payload = new Dictionary<string, object?> { ["eventName"] = "Approved", ["correlationId"] = null, ["payload"] = new Dictionary<string, object?> { ["amount"] = 12.5, ["tags"] = new List<object?> { "a", 1 } } };
        await Store.CommitAsync([new InstanceCommit
        {
            Snapshot = Snapshot("i1"),
            Outbox = [new OutboxMessage("m2", OutboxKinds.PublishEvent, "i1", payload, T0.AddSeconds(2)), Message("m1", "i1", T0.AddSeconds(1))],
        }]);

        Assert.Equal(["m1", "m2"], (await Store.ListUndispatchedAsync(10)).Select(m => m.Id));
        var (message, dispatched) = (await Store.FindOutboxMessageAsync("m2"))!.Value;
        Assert.False(dispatched);
        Assert.Equal((OutboxKinds.PublishEvent, "i1", "Approved", T0.AddSeconds(2)), (message.Kind, message.InstanceId, message.Payload["eventName"], message.CreatedAt));
        var inner = Assert.IsType<Dictionary<string, object?>>(message.Payload["payload"]);
        Assert.Equal(12.5, inner["amount"]);
        Assert.Equal(["a", 1], (List<object?>)inner["tags"]!);

        await Store.MarkDispatchedAsync("m1", T0.AddSeconds(3));

        Assert.Equal(["m2"], (await Store.ListUndispatchedAsync(10)).Select(m => m.Id));
        Assert.True((await Store.FindOutboxMessageAsync("m1"))!.Value.Dispatched);
        Assert.Null(await Store.FindOutboxMessageAsync("nope"));
        Assert.Single(await Store.ListUndispatchedAsync(1));
    }

    [Fact]
    public async Task Journal_PagesWalkEveryBurstWithoutGapsOrRepeats()
    {
        // Bursts of 3, 1 and 4 records (one row each); pages of every size must list 1..8 exactly once, in order.
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), Journal = [.. Enumerable.Range(1, 3).Select(s => Record("i1", s))] }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 1, Journal = [Record("i1", 4)] }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 2, Journal = [.. Enumerable.Range(5, 4).Select(s => Record("i1", s))] }]);

        for (var size = 1; size <= 9; size++)
        {
            var all = new List<long>();
            for (IReadOnlyList<JournalRecord> page; (page = await Store.GetJournalAsync("i1", all.Count, size)).Count > 0;)
            {
                Assert.True(page.Count <= size);
                all.AddRange(page.Select(r => r.Sequence));
            }

            Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], all);
        }

        Assert.Equal([3L, 4, 5], (await Store.GetJournalAsync("i1", 2, 3)).Select(r => r.Sequence));
        Assert.Empty(await Store.GetJournalAsync("i1", 8, 10));
        Assert.Empty(await Store.GetJournalAsync("i1", 0, 0));
    }

    [Fact]
    public async Task Journal_IsPagedInSequenceOrder_AcrossCommits()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), Journal = [.. Enumerable.Range(1, 5).Select(s => Record("i1", s))] }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 1, Journal = [.. Enumerable.Range(6, 5).Select(s => Record("i1", s))] }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i2"), Journal = [Record("i2", 1)] }]);

        var page = await Store.GetJournalAsync("i1", 3, 4);

        Assert.Equal([4L, 5, 6, 7], page.Select(r => r.Sequence));
        Assert.Equal(10, (await Store.GetJournalAsync("i1", 0, 100)).Count);
        var record = page[0];
        Assert.Equal(("i1", "def", "def-v1", "Completed", "Elsa.WriteLine", "flow:a4", T0.AddSeconds(4)), (record.WorkflowInstanceId, record.WorkflowDefinitionId, record.WorkflowDefinitionVersionId, record.EventName, record.ActivityType, record.ActivityNodeId, record.Timestamp));
        Assert.Equal("i1-4", record.Id);
        Assert.Equal(4, ((Dictionary<string, object?>)record.Payload!)["n"]);
    }

    [Fact]
    public async Task Commit_MirrorsTheSnapshotsIncidentsAsRows()
    {
        var faulted = Snapshot("i1");
        faulted.State.Incidents.Add(new ActivityIncident("inc1", "a", "flow:a", "ai1", "Elsa.RunJavaScript", "boom", new ExceptionState("System.Exception", "boom", null, null), T0));
        await Store.CommitAsync([new InstanceCommit { Snapshot = faulted }]);
        await using (var db = _db.CreateDbContext())
        {
            var row = await db.Incidents.SingleAsync();
            Assert.Equal(("inc1", "i1", "boom"), (row.Id, row.InstanceId, row.Message));
            Assert.Contains("System.Exception", row.Exception, StringComparison.Ordinal);
            Assert.Equal(1, (await db.WorkflowInstances.SingleAsync()).IncidentCount);
        }

        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 1 }]);

        await using var after = _db.CreateDbContext();
        Assert.Empty(await after.Incidents.ToListAsync());
    }

    [Fact]
    public async Task Lines_AreStoredInCommitOrder()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), Lines = ["one", "two"] }]);
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 1, Lines = ["three"] }]);

        Assert.Equal(["one", "two", "three"], await Lines());
    }

    [Fact]
    public async Task ConcurrentCommitsOfOneInstance_ExactlyOneWinsEachRevision()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1") }]);
        var stores = Enumerable.Range(0, 6).Select(_ => _db.NewProcess().GetRequiredService<EfWorkflowInstanceStore>()).ToList();

        var outcomes = await Task.WhenAll(stores.Select((store, n) => Task.Run(async () =>
        {
            try
            {
                await store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), ExpectedRevision = 1, Lines = [$"writer {n}"] }]);
                return true;
            }
            catch (WorkflowConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(o => o));
        Assert.Single(await Lines());
        Assert.Equal(2, (await Store.FindAsync("i1"))!.Revision);
    }

    [Fact]
    public async Task Journal_ReadsBackTheFieldsItsCompactFormLeavesOut()
    {
        var child = Record("i1", 2) with { WorkflowDefinitionId = "child", WorkflowDefinitionVersionId = "child-v3", WorkflowVersion = 3, ActivityTypeVersion = 2, Id = "custom" };
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1"), Journal = [Record("i1", 1) with { WorkflowVersion = 1 }, child] }]);

        var records = await Store.GetJournalAsync("i1", 0, 10);

        Assert.Equal(("i1-1", "def", "def-v1", 1, 1), (records[0].Id, records[0].WorkflowDefinitionId, records[0].WorkflowDefinitionVersionId, records[0].WorkflowVersion, records[0].ActivityTypeVersion));
        Assert.Equal(("custom", "child", "child-v3", 3, 2), (records[1].Id, records[1].WorkflowDefinitionId, records[1].WorkflowDefinitionVersionId, records[1].WorkflowVersion, records[1].ActivityTypeVersion));
        await using var db = _db.CreateDbContext();
        var stored = (await db.JournalBursts.SingleAsync()).Records;
        Assert.DoesNotContain("def-v1", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("null", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReadInFlightWhenTheStoreIsDisposed_ClosesItsSessionInsteadOfPoolingIt()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1") }]);
        var store = _db.NewProcess().GetRequiredService<EfWorkflowInstanceStore>();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.SessionReturning = async () =>
        {
            reading.TrySetResult();
            await gate.Task;
        };

        var find = store.FindAsync("i1");
        await reading.Task;
        await store.DisposeAsync();
        gate.SetResult();

        Assert.Equal(1, (await find)!.Revision);
        Assert.Equal(0, store.PooledSessions);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.FindAsync("i1"));
    }

    protected async Task<Microsoft.Data.Sqlite.SqliteConnection> HoldWriteLockAsync()
    {
        var blocker = new Microsoft.Data.Sqlite.SqliteConnection(new CaseFlowDatabaseOptions { DataDirectory = _db.Folder }.BuildConnectionString());
        await blocker.OpenAsync();
        await using var begin = blocker.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return blocker;
    }

    [Fact]
    public async Task TheJournalWriter_WritesWhatTheSerializerWouldWrite()
    {
        var state = Snapshot("i1").State;
        JournalRecord[] records =
        [
            Record("i1", 1),
            Record("i1", 2) with
            {
                Id = "custom-id",
                WorkflowDefinitionId = "other-def",
                WorkflowDefinitionVersionId = "other-def-v3",
                WorkflowVersion = 3,
                ActivityTypeVersion = 2,
                ActivityName = "审批 \"quoted\" </script>",
                ParentActivityInstanceId = "parent",
                Message = "line\nbreak\ttab \u0001 é 投诉",
                Source = "Flow.cs:12",
                Payload = new Dictionary<string, object?> { ["amount"] = 1500.5, ["tags"] = new List<object?> { "a", 1, null, true }, ["nested"] = new Dictionary<string, object?> { ["at"] = T0 } },
            },
            Record("other-instance", 3) with { Payload = "just text" },
            Record("i1", 4) with { Payload = 42L, Timestamp = T0.ToOffset(TimeSpan.FromHours(8)).AddTicks(1234567) },
        ];

        var expected = PersistenceJson.Write(records.Select(r => EfWorkflowInstanceStore.ToEntry(r, state)));

        Assert.Equal(expected, JournalJson.Write(records, state));
        Assert.Equal("[]", JournalJson.Write([], state));
    }

    protected static async Task ReleaseAsync(Microsoft.Data.Sqlite.SqliteConnection blocker)
    {
        await using var rollback = blocker.CreateCommand();
        rollback.CommandText = "ROLLBACK";
        await rollback.ExecuteNonQueryAsync();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after a deadline generous for a loaded machine.</summary>
    protected static async Task UntilAsync(Func<bool> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"Timed out waiting until {what}");
            await Task.Delay(10);
        }
    }

    protected async Task<List<string>> Lines()
    {
        await using var db = _db.CreateDbContext();
        var lines = new List<string>();
        foreach (var id in await db.WorkflowInstances.Select(i => i.Id).OrderBy(i => i).ToListAsync())
            lines.AddRange(await EfWorkflowInstanceStore.GetLinesAsync(db, id));
        return lines;
    }

    protected static string EventHash(string eventName) =>
        Bookmark.ComputeHash("Elsa.Event", new Dictionary<string, object?> { ["eventName"] = eventName }, null);

    protected static WorkflowSnapshot Snapshot(string id, WorkflowSubStatus subStatus = WorkflowSubStatus.Suspended, string? correlationId = null, List<Bookmark>? bookmarks = null) => new()
    {
        State = new WorkflowState
        {
            Id = id,
            DefinitionId = "def",
            DefinitionVersionId = "def-v1",
            DefinitionVersion = 1,
            CorrelationId = correlationId,
            SubStatus = subStatus,
            Bookmarks = bookmarks ?? [],
            CreatedAt = T0,
            UpdatedAt = T0,
        },
    };

    protected static Bookmark EventBookmark(string id, string eventName, DateTimeOffset? createdAt = null) => new()
    {
        Id = id,
        Name = "Elsa.Event",
        Hash = EventHash(eventName),
        Payload = new Dictionary<string, object?> { ["eventName"] = eventName },
        ActivityId = "wait",
        ActivityNodeId = "flow:wait",
        ActivityInstanceId = "ai-" + id,
        AutoBurn = false,
        Metadata = [],
        CreatedAt = createdAt ?? T0,
    };

    protected static Bookmark Timer(string id, DateTimeOffset dueAt, string name = "Elsa.Delay") => new()
    {
        Id = id,
        Name = name,
        Hash = Bookmark.ComputeHash(name, new Dictionary<string, object?> { ["resumeAt"] = dueAt.ToString("o") }, "ai-" + id),
        Payload = new Dictionary<string, object?> { ["resumeAt"] = dueAt.ToString("o") },
        ActivityId = "wait",
        ActivityNodeId = "flow:wait",
        ActivityInstanceId = "ai-" + id,
        DueAt = dueAt,
        CreatedAt = T0,
    };

    protected static JournalRecord Record(string instanceId, long sequence) => new()
    {
        WorkflowDefinitionId = "def",
        WorkflowDefinitionVersionId = "def-v1",
        WorkflowInstanceId = instanceId,
        ActivityInstanceId = $"ai{sequence}",
        ActivityId = $"a{sequence}",
        ActivityType = "Elsa.WriteLine",
        ActivityNodeId = $"flow:a{sequence}",
        Sequence = sequence,
        Timestamp = T0.AddSeconds(sequence),
        EventName = JournalEvents.Completed,
        Payload = new Dictionary<string, object?> { ["n"] = (int)sequence },
    };

    protected static OutboxMessage Message(string id, string instanceId, DateTimeOffset? at = null) =>
        new(id, OutboxKinds.RunTask, instanceId, new Dictionary<string, object?> { ["taskId"] = "t-" + id }, at ?? T0);
}

/// <summary>The store's contract on SQLite, and what only SQLite's one writer does: group commit, the background checkpoint, UTF-8 binding.</summary>
public sealed class EfWorkflowInstanceStoreOnSqliteTests : EfWorkflowInstanceStoreTests
{
    private TestDatabase _db => Database;

    protected override bool OnPostgres => false;

    [Fact]
    public async Task BurstsThatMeetAtTheWriter_ShareOneTransaction_AndAStaleOneFailsAlone()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("old") }]);
        var before = Store.GroupTransactions;

        // Another process holds SQLite's write lock: the first burst waits for it, the others queue behind it.
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection(new CaseFlowDatabaseOptions { DataDirectory = _db.Folder }.BuildConnectionString());
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var commits = Enumerable.Range(0, 20).Select(n => n % 7 == 3
            ? new InstanceCommit { Snapshot = Snapshot("old"), ExpectedRevision = 9, Lines = [$"stale {n}"] }
            : new InstanceCommit { Snapshot = Snapshot($"i{n}"), Journal = [Record($"i{n}", 1)], Lines = [$"line {n}"] }).ToList();
        var outcomes = commits.Select(commit => Task.Run(() => Store.CommitAsync([commit]))).ToList();
        // The first writer may have taken more than its own burst into its group before it blocked; what matters is
        // that all 20 reached the store before the lock is released.
        await UntilAsync(() => Store.QueuedCommits + Store.WritingCommits == 20, "the first group waits for the lock and the other bursts queue behind it");
        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        for (var n = 0; n < commits.Count; n++)
        {
            if (commits[n].ExpectedRevision is null)
                await outcomes[n];
            else
                await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => outcomes[n]);
        }

        Assert.True(Store.GroupTransactions - before <= 2, $"{Store.GroupTransactions - before} transactions for 20 bursts");
        Assert.Equal(1, (await Store.FindAsync("old"))!.Revision);
        var written = commits.Where(c => c.ExpectedRevision is null).Select(c => c.InstanceId).ToList();
        foreach (var id in written)
        {
            Assert.Equal(1, (await Store.FindAsync(id))!.Revision);
            Assert.Single(await Store.GetJournalAsync(id, 0, 10));
        }

        Assert.Equal(written.Select(id => $"line {id[1..]}").Order(), (await Lines()).Order());
    }

    [Fact]
    public async Task DisposeDuringACommitInFlight_ReturnsAtOnce_AndTheCommitClosesTheWriterWhenItEnds()
    {
        var store = _db.NewProcess().GetRequiredService<EfWorkflowInstanceStore>();
        await store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i1") }]);
        await using var blocker = await HoldWriteLockAsync();
        var commit = Task.Run(() => store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i2"), Lines = ["in flight"] }]));
        await UntilAsync(() => store.WriterBusy, "the commit holds the writer, waiting for SQLite's lock");

        // Synchronous disposal (a container disposed without DisposeAsync) must not block on the commit it cannot finish.
        var dispose = Task.Run(store.Dispose);
        await UntilAsync(() => dispose.IsCompleted, "Dispose returned while the commit still waits");
        await dispose;
        Assert.False(commit.IsCompleted);
        Assert.True(store.HasWriter);

        await ReleaseAsync(blocker);
        await commit;
        Assert.False(store.HasWriter);
        Assert.Equal(["in flight"], await Lines());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("i3") }]));
        Assert.False(store.HasWriter);
    }

    [Fact]
    public async Task Commits_CheckpointTheWalInTheBackground_LongBeforeSqlitesOwnCheckpointWould()
    {
        await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot("first") }]);
        var fileBefore = new FileInfo(_db.FilePath).Length;

        // Far fewer WAL pages than SQLite's automatic (backstop) checkpoint waits for: without the background
        // checkpointer, every row would still be in the WAL and the database file would not have grown.
        for (var n = 0; n < WalCheckpointer.CommitsPerCheckpoint; n++)
            await Store.CommitAsync([new InstanceCommit { Snapshot = Snapshot($"i{n}", bookmarks: [EventBookmark($"b{n}", "Go")]), Journal = [Record($"i{n}", 1)] }]);
        await UntilAsync(() => Store.Checkpointer!.Checkpoints >= 1, "the background checkpoint ran");

        Assert.Equal(0, Store.Checkpointer!.Failures);
        Assert.True(new FileInfo(_db.FilePath).Length > fileBefore, "the checkpoint copied the committed pages into the database file");
        Assert.Equal(WalCheckpointer.CommitsPerCheckpoint, (await Store.FindBookmarksAsync("Elsa.Event", EventHash("Go"), null)).Count);
    }

    [Fact]
    public async Task TheSnapshot_BoundAsUtf8_IsStoredAsTheSameText_AsAStringBindingStoresIt_AndReadsBackAlikeEverywhere()
    {
        var snapshot = Snapshot("i1", correlationId: "客户-7", bookmarks: [EventBookmark("b1", "批准 \"quoted\"")]);
        snapshot.State.Input["text"] = "投诉 \\ \n\t \u0001 </script> é 😀";
        snapshot.State.Input["number"] = 5_000_000_000L;
        await Store.CommitAsync([new InstanceCommit { Snapshot = snapshot }]);
        snapshot.State.Output["reply"] = "已处理";
        await Store.CommitAsync([new InstanceCommit { Snapshot = snapshot, ExpectedRevision = 1 }]);
        var text = WorkflowSnapshotSerializer.Serialize(snapshot);

        // The same row written through ADO.NET's string binding (as other providers bind it).
        await using (var context = _db.CreateDbContext())
        {
            var sql = new StoreStatements(context);
            using var session = await SqlSession.OpenAsync(sql, null, CancellationToken.None);
            WorkflowSnapshotSerializer.Serialize(snapshot, session.SnapshotText.Start());
            var values = sql.InsertInstance.ValuesOf(new Cases.Persistence.Entities.WorkflowInstanceRow { Id = "i2", DefinitionId = "def", DefinitionVersionId = "def-v1", Snapshot = string.Empty });
            values[sql.InsertInstanceSnapshot] = session.SnapshotText;
            Assert.Equal(1, await session.Get(sql.InsertInstance, null, values).ExecuteNonQueryAsync());
        }

        await using var db = _db.CreateDbContext();
        Assert.Equal([text, text], await db.WorkflowInstances.OrderBy(i => i.Id).Select(i => i.Snapshot).ToListAsync());
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(a.Snapshot), a.Snapshot = b.Snapshot, a.Snapshot = $text, length(CAST(a.Snapshot AS BLOB)), a.Snapshot FROM WorkflowInstances a, WorkflowInstances b WHERE a.Id = 'i1' AND b.Id = 'i2'";
        command.Parameters.AddWithValue("$text", text);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("text", 1L, 1L, (long)System.Text.Encoding.UTF8.GetByteCount(text), text), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4)));
        Assert.Equal(text, WorkflowSnapshotSerializer.Serialize((await Store.FindAsync("i1"))!.Snapshot));
        Assert.Equal(text, WorkflowSnapshotSerializer.Serialize((await Store.FindAsync("i2"))!.Snapshot));
    }

    [Fact]
    public async Task Commit_LooksForStimuliParkedForItsNewBookmarks_InItsOwnTransaction()
    {
        var now = _db.Clock.GetUtcNow();
        await Store.EnqueueStimulusAsync(new QueuedStimulus("s1", "Elsa.Event", EventHash("Approved"), "case-1", "early", now, now.AddHours(1)));
        await Store.EnqueueStimulusAsync(new QueuedStimulus("s2", "Elsa.Event", EventHash("Rejected"), null, null, now, now.AddHours(1)));
        var approved = EventBookmark("b1", "Approved");
        var other = EventBookmark("b2", "Other");
        var commit = new InstanceCommit { Snapshot = Snapshot("i1", correlationId: "case-1", bookmarks: [approved, other]), AwaitingBookmarks = [approved, other] };

        await Store.CommitAsync([commit]);

        Assert.NotNull(commit.ParkedStimuli);
        Assert.Equal(2, commit.ParkedStimuli.Count);
        var found = Assert.Single(commit.ParkedStimuli[0]);
        Assert.Equal(("s1", "case-1", "early"), (found.Id, found.CorrelationId, found.Input));
        Assert.Empty(commit.ParkedStimuli[1]);
    }
}

/// <summary>The store's contract on PostgreSQL: commits in parallel transactions, row locks instead of one writer.</summary>
public sealed class EfWorkflowInstanceStoreOnPostgresTests : EfWorkflowInstanceStoreTests
{
    protected override bool OnPostgres => true;
}
