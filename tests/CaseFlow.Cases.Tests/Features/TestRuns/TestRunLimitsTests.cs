using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;
using Microsoft.Data.Sqlite;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

/// <summary>What keeps a test run harmless: nothing persisted or scheduled, runaway loops stopped, runs bounded in number and time.</summary>
public sealed class TestRunLimitsTests
{
    // start → tick → tock → tick …: nothing ever waits.
    private static Workflows.Definitions.WorkflowDefinition EndlessLoop(string tick = "\"tick\"") => WorkflowDefinitionReader.Read($$"""
        {
          "definitionId": "endless", "name": "Endless",
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "tick", "type": "Elsa.WriteLine", "text": {{tick}} },
              { "id": "tock", "type": "Elsa.WriteLine", "text": "tock" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "tick", "port": "In" } },
              { "source": { "activity": "tick", "port": "Done" }, "target": { "activity": "tock", "port": "In" } },
              { "source": { "activity": "tock", "port": "Done" }, "target": { "activity": "tick", "port": "In" } }
            ]
          }
        }
        """);

    [Fact]
    public async Task AFullRunOfComplaintHandling_ChangesNoRowOfAnyTable_AndSchedulesNothing()
    {
        await using var kit = await TestRunKit.CreateAsync();
        var before = CountRows(kit.Db);

        var run = await kit.RunToTheEndAsync(await kit.StartAsync());

        Assert.Equal(WorkflowSubStatus.Finished, run.SubStatus);
        Assert.Contains(run.Steps, s => s.ActivityId == "survey" && s.Event == "Completed");
        Assert.Contains(run.Effects, e => e.Kind == Activities.CaseOutboxKinds.SurveyRequested);
        Assert.Equal(before, CountRows(kit.Db));
        Assert.Contains("CaseTasks", before.Keys);
        Assert.Empty(kit.Db.Scheduler.Timers);
        Assert.Empty(kit.Db.Scheduler.Dispatches);
    }

    [Fact]
    public async Task ALoopWithoutAWait_FaultsTheRun_WithAnIncidentSayingWhy_InsteadOfHanging()
    {
        await using var kit = await TestRunKit.CreateAsync();

        var run = await kit.StartAsync("endless", EndlessLoop());

        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Faulted), (run.Status, run.SubStatus));
        var incident = Assert.Single(run.Incidents);
        Assert.Equal("Stopped after 10000 activity executions without waiting for anything: is there a loop without a wait?", incident.Message);
        Assert.Contains(incident.ActivityId, new[] { "tick", "tock" });
        Assert.Equal(1_000, run.Console.Count);
        Assert.True(run.Dropped.Console > 3_000, $"dropped {run.Dropped.Console}");
    }

    [Fact]
    public async Task ALoopOfSlowScripts_FaultsTheRunAtTheTimeLimit()
    {
        await using var kit = await TestRunKit.CreateAsync(o => o.TimeLimit = TimeSpan.FromMilliseconds(300));

        var run = await kit.StartAsync("endless", EndlessLoop("""{ "typeName": "String", "expression": { "type": "JavaScript", "value": "let n = 0; while (n < 1e9) n++; 'tick'" } }"""));

        Assert.Equal(WorkflowSubStatus.Faulted, run.SubStatus);
        Assert.Equal("Stopped after the time limit of 0.3 s without waiting for anything: is there a loop without a wait?", Assert.Single(run.Incidents).Message);
    }

    [Fact]
    public async Task AWorkflowThatStartsItselfAsAChild_FaultsAtTheDepthLimit_InsteadOfOverflowingTheStack()
    {
        await using var kit = await TestRunKit.CreateAsync();
        await kit.Db.PublishAsync(TestRunKit.Calling("recursive", "recursive"));

        var run = await kit.StartAsync("recursive");

        Assert.Contains(run.Incidents, i => i.Message == "Child workflows nest deeper than 16 levels in this test run: does 'recursive' start itself?");
        Assert.Equal(16, run.Steps.Max(s => s.Depth));
    }

    [Fact]
    public async Task AUsersSixthRun_EvictsTheirOldest_AndOtherUsersRunsStay()
    {
        await using var kit = await TestRunKit.CreateAsync();
        var theirs = await kit.StartAsync(by: TestRunKit.OtherOwner);
        var mine = new List<TestRunView>();
        for (var i = 0; i < 6; i++)
        {
            mine.Add(await kit.StartAsync());
            kit.Db.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Assert.ThrowsAsync<NotFoundException>(() => kit.GetAsync(mine[0].Id));
        foreach (var kept in mine.Skip(1))
            Assert.Equal(kept.Id, (await kit.GetAsync(kept.Id)).Id);
        Assert.Equal(theirs.Id, (await kit.GetAsync(theirs.Id, TestRunKit.OtherOwner)).Id);
        Assert.Equal(6, kit.Runs.Count);
    }

    [Fact]
    public async Task TheServerKeepsAtMostItsMaximum_EvictingTheRunLeftUnusedLongest()
    {
        await using var kit = await TestRunKit.CreateAsync(o => o.MaxRuns = 2);
        var first = await kit.StartAsync();
        kit.Db.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await kit.StartAsync(by: TestRunKit.OtherOwner);
        kit.Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await kit.GetAsync(first.Id);

        var third = await kit.StartAsync(by: TestRunKit.Admin);

        await Assert.ThrowsAsync<NotFoundException>(() => kit.GetAsync(second.Id, TestRunKit.OtherOwner));
        Assert.Equal(first.Id, (await kit.GetAsync(first.Id)).Id);
        Assert.Equal(third.Id, (await kit.GetAsync(third.Id, TestRunKit.Admin)).Id);
    }

    [Fact]
    public async Task ARunUnusedForTheIdleTimeout_IsGone_AndEveryCallSlidesItsExpiry()
    {
        await using var kit = await TestRunKit.CreateAsync();
        var run = await kit.StartAsync();
        Assert.Equal(run.StartedAt.AddMinutes(30), run.ExpiresAt);

        kit.Db.Clock.Advance(TimeSpan.FromMinutes(20));
        var read = await kit.GetAsync(run.Id);
        kit.Db.Clock.Advance(TimeSpan.FromMinutes(20));
        var fired = await kit.FireAsync(run, Assert.Single(read.Waits, w => w.ActivityId == "slaResolution").BookmarkId);
        kit.Db.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(run.Id, (await kit.GetAsync(run.Id)).Id);
        kit.Db.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(run.StartedAt.AddMinutes(50), read.ExpiresAt);
        Assert.Equal(run.StartedAt.AddMinutes(70), fired.ExpiresAt);
        await Assert.ThrowsAsync<NotFoundException>(() => kit.GetAsync(run.Id));
        Assert.Equal(0, kit.Runs.Count);
    }

    [Fact]
    public async Task SomeoneElsesRun_IsNotFound_ButAnAdminSeesIt_AndDeletingItEndsIt()
    {
        await using var kit = await TestRunKit.CreateAsync();
        var run = await kit.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => kit.GetAsync(run.Id, TestRunKit.OtherOwner));
        await Assert.ThrowsAsync<NotFoundException>(() => kit.CompleteAsync(run, TestRunKit.Task(run, "classify").TaskId!, "Classified", by: TestRunKit.OtherOwner));
        Assert.Equal(run.Id, (await kit.GetAsync(run.Id, TestRunKit.Admin)).Id);
        Assert.Throws<NotFoundException>(() => kit.Db.Get<DeleteTestRunHandler>().Handle(new DeleteTestRun(run.Id, TestRunKit.OtherOwner)));

        kit.Db.Get<DeleteTestRunHandler>().Handle(new DeleteTestRun(run.Id, TestRunKit.Owner));

        await Assert.ThrowsAsync<NotFoundException>(() => kit.GetAsync(run.Id));
    }

    // Every table of the database (EF's migration history aside) and its row count.
    private static Dictionary<string, long> CountRows(TestDatabase db)
    {
        using var connection = new SqliteConnection($"Data Source={db.FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
                tables.Add(reader.GetString(0));
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)count.ExecuteScalar()!;
        }

        return counts;
    }
}
