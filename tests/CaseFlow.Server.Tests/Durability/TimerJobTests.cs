using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Durability;

public class TimerJobTests
{
    [Fact]
    public async Task FireAsync_ResumesOnce_WhenTheJobRunsTwiceInARowAndTwiceAtOnce()
    {
        using var dir = new TempDirectory();
        await using var app = await DataServices.OpenAsync(dir.Path);
        await app.ImportAsync(DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-delay.json"));
        var state = await app.StartAsync("crash-delay", new Dictionary<string, object?> { ["Wait"] = "00:10:00" });
        var (instanceId, bookmarkId, _) = Assert.Single(app.Scheduler.Timers);
        Assert.Equal(state.Id, instanceId);

        // What Hangfire does when a job is retried after a crash, or runs on two workers: the same job again.
        var job = new TimerJob(app.Runtime);
        await job.FireAsync(instanceId, bookmarkId, CancellationToken.None);
        await job.FireAsync(instanceId, bookmarkId, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new TimerJob(app.Runtime).FireAsync(instanceId, bookmarkId, CancellationToken.None))));

        var probe = new DatabaseProbe(dir.Path);
        Assert.Equal("Finished", probe.Instances()[instanceId].Status);
        Assert.Equal(["before", "after 1"], probe.Lines()[instanceId]);
        Assert.Single(probe.Journal(instanceId), s => s == "wait:Resumed");
        Assert.Empty(probe.RepeatedJournalSteps());
    }

    [Fact]
    public async Task TimerSweep_FiresDueTimersWrittenByAnotherProcess()
    {
        using var dir = new TempDirectory();
        var probe = new DatabaseProbe(dir.Path);
        string id;
        await using (var cli = await DataServices.OpenAsync(dir.Path))
        {
            await cli.ImportAsync(DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-delay.json"));
            id = (await cli.StartAsync("crash-delay", new Dictionary<string, object?> { ["Wait"] = "00:10:00" })).Id;
        }

        Assert.Equal(["before"], probe.Lines()[id]);

        // A process whose clock reads an hour later: the timer is overdue there, and it only knows it from the database.
        await using var server = await DataServices.OpenAsync(dir.Path, new ShiftedClock(TimeSpan.FromHours(1)));
        Assert.Equal(1, await server.Runtime.FireDueTimersAsync());
        Assert.Equal(0, await server.Runtime.FireDueTimersAsync());
        Assert.Equal(["before", "after 1"], probe.Lines()[id]);
    }
}
