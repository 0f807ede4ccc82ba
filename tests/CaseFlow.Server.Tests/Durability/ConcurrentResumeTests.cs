using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Durability;

public class ConcurrentResumeTests
{
    [Fact]
    public async Task TwoProcessesResumingOneInstanceAtOnce_ApplyEveryStimulusOnce_AndNeverCorruptIt()
    {
        using var dir = new TempDirectory();
        await using var one = await DataServices.OpenAsync(dir.Path);
        await using var two = await DataServices.OpenAsync(dir.Path);
        await one.ImportAsync(DurableWorkflows.CopyTo(dir.Sub("workflows"), "two-branches.json"));
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
            ids.Add((await one.StartAsync("two-branches", correlationId: $"case-{i}")).Id);

        // Per instance, at the same moment: A from one process, B from the other (two branches of one instance),
        // and A once more from each with the same stimulus id (one delivery seen twice).
        var deliveries = ids.Select((_, i) => Task.WhenAll(
            Task.Run(() => one.Get<WorkflowEventDispatcher>().PublishAsync("A", $"case-{i}", null, $"a-{i}")),
            Task.Run(() => two.Get<WorkflowEventDispatcher>().PublishAsync("B", $"case-{i}", null, $"b-{i}")),
            Task.Run(() => two.Get<WorkflowEventDispatcher>().PublishAsync("A", $"case-{i}", null, $"a-{i}")),
            Task.Run(() => one.Get<WorkflowEventDispatcher>().PublishAsync("A", $"case-{i}", null, $"a-{i}"))));
        await Task.WhenAll(deliveries);

        var probe = new DatabaseProbe(dir.Path);
        var instances = probe.Instances();
        var lines = probe.Lines();
        foreach (var id in ids)
        {
            Assert.Equal(("Finished", "Finished"), (instances[id].Status, instances[id].SubStatus));
            Assert.Equal(["got A", "got B", "joined 1"], lines[id].Order(StringComparer.Ordinal));
            Assert.Equal("joined 1", lines[id][^1]);
            var state = (await one.Runtime.Store.FindAsync(id))!.Snapshot.State;
            Assert.Empty(state.Bookmarks);
            Assert.Empty(state.Incidents);
        }

        Assert.Empty(probe.RepeatedJournalSteps());
        Assert.Equal(0, probe.Scalar("SELECT COUNT(*) FROM Bookmarks"));
    }

    [Fact]
    public async Task OneTimerFiredByTwoProcessesAtOnce_FiresOnce()
    {
        using var dir = new TempDirectory();
        await using var one = await DataServices.OpenAsync(dir.Path);
        await using var two = await DataServices.OpenAsync(dir.Path);
        await one.ImportAsync(DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-delay.json"));
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
            ids.Add((await one.StartAsync("crash-delay", new Dictionary<string, object?> { ["Wait"] = "00:10:00" })).Id);

        var timers = one.Scheduler.Timers;
        await Task.WhenAll(timers.SelectMany(t => new[]
        {
            Task.Run(() => new TimerJob(one.Runtime).FireAsync(t.InstanceId, t.BookmarkId, CancellationToken.None)),
            Task.Run(() => new TimerJob(two.Runtime).FireAsync(t.InstanceId, t.BookmarkId, CancellationToken.None)),
        }));

        var probe = new DatabaseProbe(dir.Path);
        var lines = probe.Lines();
        Assert.All(ids, id => Assert.Equal(["before", "after 1"], lines[id]));
        Assert.Empty(probe.RepeatedJournalSteps());
    }
}
