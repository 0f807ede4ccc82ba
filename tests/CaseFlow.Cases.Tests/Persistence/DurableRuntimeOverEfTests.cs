using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary><see cref="DurableWorkflowRuntime"/> over the EF stores, on a SQLite file and on PostgreSQL, with restarts as new containers.</summary>
public abstract class DurableRuntimeOverEfTests : IAsyncLifetime
{
    protected abstract bool OnPostgres { get; }

    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(postgres: OnPostgres);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AnEventFromASecondProcess_ResumesTheInstance_AndEachLineIsWrittenOnce()
    {
        var definition = await _db.PublishAsync(TestDefinitions.WaitForEvent());
        var state = await _db.Runtime.StartAsync(definition, new StartWorkflowOptions { CorrelationId = "case-1" });
        Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);

        using var second = _db.NewProcess();
        var resumed = await second.GetRequiredService<DurableWorkflowRuntime>().PublishEventAsync("Approved", "case-1");

        Assert.Equal(1, resumed);
        var stored = await _db.Store.FindAsync(state.Id);
        Assert.Equal(WorkflowSubStatus.Finished, stored!.Snapshot.State.SubStatus);
        Assert.Equal(["before", "after"], await LinesAsync(state.Id));
        await using var db = _db.CreateDbContext();
        Assert.Empty(await db.Bookmarks.ToListAsync());
        var journal = await _db.Runtime.GetJournalAsync(state.Id, 0, 1000);
        Assert.Equal(journal.Select(r => r.Sequence).Order(), journal.Select(r => r.Sequence));
        Assert.Equal(1, journal.Count(r => r.ActivityId == "after" && r.EventName == JournalEvents.Completed));
    }

    [Fact]
    public async Task ConcurrentResumesFromManyProcesses_ApplyExactlyOnce()
    {
        var definition = await _db.PublishAsync(TestDefinitions.WaitForEvent());
        var state = await _db.Runtime.StartAsync(definition);
        var bookmark = state.Bookmarks.Single().Id;
        var processes = Enumerable.Range(0, 6).Select(_ => _db.NewProcess()).ToList();

        var results = await Task.WhenAll(processes.Select(p => Task.Run(() => p.GetRequiredService<DurableWorkflowRuntime>().ResumeAsync(state.Id, bookmark))));

        Assert.Equal(1, results.Count(r => r.Outcome == ResumeOutcome.Resumed));
        Assert.Equal(["before", "after"], await LinesAsync(state.Id));
    }

    [Fact]
    public async Task PublishingVersion2_LeavesARunningVersion1InstanceOnVersion1_WhereItFinishes()
    {
        var v1 = await _db.PublishAsync(TestDefinitions.WaitForEvent(after: "finished on v1"));
        var running = await _db.Runtime.StartAsync(v1);
        var v2 = await _db.PublishAsync(TestDefinitions.WaitForEvent(after: "finished on v2"));
        Assert.Equal(2, v2.Version);
        var newer = await _db.Runtime.StartAsync((await _db.Definitions.FindPublishedOrLatestAsync("approval"))!);

        using var restarted = _db.NewProcess();
        await restarted.GetRequiredService<DurableWorkflowRuntime>().PublishEventAsync("Approved");

        Assert.Equal(["before", "finished on v1"], await LinesAsync(running.Id));
        Assert.Equal(["before", "finished on v2"], await LinesAsync(newer.Id));
        await using var db = _db.CreateDbContext();
        Assert.Equal(v1.Id, (await db.WorkflowInstances.SingleAsync(i => i.Id == running.Id)).DefinitionVersionId);
    }

    [Fact]
    public async Task AnEventThatArrivesBeforeItsBookmark_IsQueued_AndDeliveredWhenTheBookmarkAppears()
    {
        var definition = await _db.PublishAsync(TestDefinitions.WaitForEvent());

        Assert.Equal(0, await _db.Runtime.PublishEventAsync("Approved"));
        var state = await _db.Runtime.StartAsync(definition);

        Assert.Equal(WorkflowSubStatus.Finished, (await _db.Store.FindAsync(state.Id))!.Snapshot.State.SubStatus);
        Assert.Equal(["before", "after"], await LinesAsync(state.Id));
        await using var db = _db.CreateDbContext();
        Assert.NotNull((await db.QueuedStimuli.SingleAsync()).ConsumedAt);
    }

    [Fact]
    public async Task ATimerSurvivesARestart_AndFiresOnce_EvenWhenFiredTwice()
    {
        var definition = await _db.PublishAsync(TestDefinitions.WaitForDelay("00:10:00"));
        var state = await _db.Runtime.StartAsync(definition);
        var (_, bookmarkId, dueAt) = Assert.Single(_db.Scheduler.Timers);
        Assert.Equal(_db.Clock.GetUtcNow().AddMinutes(10), dueAt);

        _db.Clock.Advance(TimeSpan.FromMinutes(11));
        using var restarted = _db.NewProcess();
        var runtime = restarted.GetRequiredService<DurableWorkflowRuntime>();
        await runtime.RecoverAsync();
        var again = await runtime.FireTimerAsync(state.Id, bookmarkId);

        Assert.NotEqual(ResumeOutcome.Resumed, again.Outcome);
        Assert.Equal(["fired"], await LinesAsync(state.Id));
        Assert.Empty(await _db.Store.FindTimersAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task AChildStartedInline_IsCommittedWithItsParent_AndItsCompletionResumesTheParentThroughTheOutbox()
    {
        await _db.PublishAsync(TestDefinitions.WaitForEvent("child", "ChildGo", "child waits", "child done", "child-v1"));
        var parent = await _db.PublishAsync(Workflows.Serialization.WorkflowDefinitionReader.Read("""
            {"id":"parent-v1","definitionId":"parent","name":"Parent","root":{"id":"flow","type":"Elsa.Flowchart","activities":[
              {"id":"start","type":"Elsa.Start"},
              {"id":"call","type":"Elsa.ExecuteWorkflow",
               "workflowDefinitionId":{"typeName":"String","expression":{"type":"Literal","value":"child"}},
               "waitForCompletion":{"typeName":"Boolean","expression":{"type":"Literal","value":"true"}}},
              {"id":"after","type":"Elsa.WriteLine","text":"parent done"}],
             "connections":[
              {"source":{"activity":"start","port":"Done"},"target":{"activity":"call","port":"In"}},
              {"source":{"activity":"call","port":"Done"},"target":{"activity":"after","port":"In"}}]}}
            """));
        var parentState = await _db.Runtime.StartAsync(parent);
        await using (var db = _db.CreateDbContext())
            Assert.Equal(parentState.Id, (await db.WorkflowInstances.SingleAsync(i => i.DefinitionId == "child")).ParentInstanceId);

        using var second = _db.NewProcess();
        var runtime = second.GetRequiredService<DurableWorkflowRuntime>();
        await runtime.PublishEventAsync("ChildGo");
        var scheduler = (ManualWorkScheduler)second.GetRequiredService<IWorkflowWorkScheduler>();
        foreach (var message in scheduler.Dispatches)
            await runtime.DispatchAsync(message);
        foreach (var message in scheduler.Dispatches)
            await runtime.DispatchAsync(message);

        Assert.Equal(WorkflowSubStatus.Finished, (await _db.Store.FindAsync(parentState.Id))!.Snapshot.State.SubStatus);
        Assert.Equal(["parent done"], await LinesAsync(parentState.Id));
        Assert.Empty(await _db.Store.ListUndispatchedAsync(10));
    }

    [Fact]
    public async Task ImportedDefinitions_RunDurably()
    {
        var folder = Path.Combine(_db.Folder, "workflows");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "approval.json"), TestDefinitions.WaitForEventJson());
        await _db.Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(folder));

        var state = await _db.Runtime.StartAsync((await _db.Definitions.FindPublishedOrLatestAsync("approval"))!);
        await _db.Runtime.PublishEventAsync("Approved");

        Assert.Equal(["before", "after"], await LinesAsync(state.Id));
    }

    private async Task<List<string>> LinesAsync(string instanceId)
    {
        await using var db = _db.CreateDbContext();
        return await EfWorkflowInstanceStore.GetLinesAsync(db, instanceId);
    }
}

public sealed class DurableRuntimeOverEfOnSqliteTests : DurableRuntimeOverEfTests
{
    protected override bool OnPostgres => false;
}

public sealed class DurableRuntimeOverEfOnPostgresTests : DurableRuntimeOverEfTests
{
    protected override bool OnPostgres => true;
}
