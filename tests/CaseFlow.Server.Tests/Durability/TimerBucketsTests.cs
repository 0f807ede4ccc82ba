using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Support;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Tests.Durability;

public class TimerBucketsTests
{
    private static readonly WorkflowJobOptions Defaults = new();

    [Fact]
    public void TimersDueInOneSecond_ShareOneJob_ScheduledTheLeadBeforeThatSecond()
    {
        var jobs = new RecordedJobs();
        var buckets = Buckets(jobs, postgres: true);
        var second = WholeSecondFromNow(TimeSpan.FromMinutes(1));

        Assert.True(buckets.TryAdd(second));
        Assert.True(buckets.TryAdd(second.AddMilliseconds(400)));
        Assert.True(buckets.TryAdd(second.AddMilliseconds(999)));
        Assert.True(buckets.TryAdd(second.AddSeconds(1)));

        var created = jobs.Created.ToList();
        Assert.Equal(2, created.Count);
        Assert.All(created, c => Assert.Equal(nameof(TimerBucketJob.HoldAsync), c.Job.Method.Name));
        Assert.Equal([second, second.AddSeconds(1)], created.Select(c => (DateTimeOffset)c.Job.Args[0]!));
        var scheduled = Assert.IsType<ScheduledState>(created[0].State);
        Assert.Equal((second - Defaults.TimerBucketLead).UtcDateTime, scheduled.EnqueueAt);
    }

    // Its bucket's job may already have read the database when a timer due this soon is committed.
    [Fact]
    public void ATimerDueSoonerThanTheHorizon_GetsAJobOfItsOwn()
    {
        var jobs = new RecordedJobs();
        var scheduler = Scheduler(jobs, postgres: true);

        scheduler.ScheduleTimer("instance", "soon", DateTimeOffset.UtcNow + Defaults.TimerBucketHorizon - TimeSpan.FromSeconds(1));

        var (job, _) = Assert.Single(jobs.Created);
        Assert.Equal(nameof(TimerJob.FireAtAsync), job.Method.Name);
    }

    [Fact]
    public void OnSqlite_EveryTimerGetsAJobOfItsOwn_UnlessBucketsAreAskedFor()
    {
        var due = WholeSecondFromNow(TimeSpan.FromMinutes(1));
        var jobs = new RecordedJobs();
        Assert.False(Buckets(jobs, postgres: false).TryAdd(due));
        Assert.Empty(jobs.Created);

        Assert.True(Buckets(jobs, postgres: false, perSecond: true).TryAdd(due));
        Assert.False(Buckets(jobs, postgres: true, perSecond: false).TryAdd(due));
        Assert.Single(jobs.Created);
    }

    [Fact]
    public void ASecondHangfireRefused_IsScheduledAgainByItsNextTimer()
    {
        var jobs = new RecordedJobs { Refusal = new InvalidOperationException("storage down") };
        var scheduler = Scheduler(jobs, postgres: true, out var buckets);
        var due = WholeSecondFromNow(TimeSpan.FromMinutes(1));

        // Refused as a bucket and as a job of its own: nothing thrown, the sweep fires it.
        scheduler.ScheduleTimer("instance", "first", due);
        Assert.Equal(0, buckets.Count);

        jobs.Refusal = null;
        scheduler.ScheduleTimer("instance", "second", due.AddMilliseconds(10));
        var (job, _) = Assert.Single(jobs.Created);
        Assert.Equal(nameof(TimerBucketJob.HoldAsync), job.Method.Name);
    }

    private static DateTimeOffset WholeSecondFromNow(TimeSpan ahead) =>
        DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + ahead).ToUnixTimeSeconds());

    private static TimerBuckets Buckets(RecordedJobs jobs, bool postgres, bool? perSecond = null) =>
        new(jobs, Options.Create(new WorkflowJobOptions { TimerJobPerSecond = perSecond }),
            Options.Create(new CaseFlowDatabaseOptions { Provider = postgres ? CaseFlowDatabaseOptions.Postgres : "Sqlite" }),
            NullLogger<TimerBuckets>.Instance);

    private static HangfireWorkScheduler Scheduler(RecordedJobs jobs, bool postgres) => Scheduler(jobs, postgres, out _);

    private static HangfireWorkScheduler Scheduler(RecordedJobs jobs, bool postgres, out TimerBuckets buckets)
    {
        buckets = Buckets(jobs, postgres);
        return new HangfireWorkScheduler(jobs, new OutboxRelay(), buckets, Options.Create(Defaults), NullLogger<HangfireWorkScheduler>.Instance);
    }
}
