using System.Collections.Concurrent;
using CaseFlow.Cases.Persistence;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Timers handed to Hangfire one job per second of due times instead of one job per timer: a
/// <see cref="TimerBucketJob"/> runs <see cref="WorkflowJobOptions.TimerBucketLead"/> before its second, reads the
/// timers due in it from the database and holds them in process (<see cref="TimerHolds"/>) until each is due. With
/// 500 timers due a second that is one Hangfire job a second instead of 500, which is what Hangfire's per-job work on
/// PostgreSQL (schedule, enqueue under its lock, fetch, succeed) could not keep up with.
/// </summary>
/// <remarks>
/// Each process schedules a second's job once (remembered here); several nodes may each schedule one, and the job's
/// claim in Hangfire's storage lets one of them read and hold the timers. Only timers due at least
/// <see cref="WorkflowJobOptions.TimerBucketHorizon"/> from now go to a bucket, so every one is committed before its
/// bucket's job reads the database; sooner timers keep their own job. The bucket is never the only copy: the
/// bookmark keeps its due time, and the timer sweep fires whatever a lost job or a dead node left behind.
/// </remarks>
public sealed class TimerBuckets(IBackgroundJobClient jobs, IOptions<WorkflowJobOptions> options, IOptions<CaseFlowDatabaseOptions> database, ILogger<TimerBuckets> logger)
{
    // Hangfire's clock: the bucket job's start is a Hangfire schedule.
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly ConcurrentDictionary<long, Lazy<bool>> _scheduled = new();
    private long _prunedAt;

    /// <summary>Whether timers go to buckets at all (<see cref="WorkflowJobOptions.TimerJobPerSecond"/>; by default on PostgreSQL only).</summary>
    public bool Enabled => options.Value.TimerJobPerSecond ?? database.Value.IsPostgres;

    /// <summary>How many seconds this process has scheduled a bucket job for and still remembers.</summary>
    public int Count => _scheduled.Count;

    /// <summary>
    /// Sees that the bucket of <paramref name="dueAt"/>'s second has a job; false when the timer must have a job of
    /// its own (buckets off, due too soon for its bucket's job to see it, or Hangfire refused the job).
    /// </summary>
    public bool TryAdd(DateTimeOffset dueAt)
    {
        if (!Enabled)
            return false;
        var now = _clock.GetUtcNow();
        if (dueAt - now < options.Value.TimerBucketHorizon)
            return false;

        var second = dueAt.ToUnixTimeSeconds();
        var entry = _scheduled.GetOrAdd(second, s => new Lazy<bool>(() => Schedule(s)));
        if (entry.Value)
        {
            Prune(now);
            return true;
        }

        // Refused: the next timer of this second tries again.
        _scheduled.TryRemove(KeyValuePair.Create(second, entry));
        return false;
    }

    private bool Schedule(long second)
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(second);
        try
        {
            jobs.Schedule<TimerBucketJob>(j => j.HoldAsync(start, CancellationToken.None), start - options.Value.TimerBucketLead);
            return true;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not schedule the timer job of second {Second:O}; its timers get jobs of their own", start);
            return false;
        }
    }

    // Seconds that have passed are forgotten (once a minute): the map holds only seconds still to come.
    private void Prune(DateTimeOffset now)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        var last = Interlocked.Read(ref _prunedAt);
        if (minute == last || Interlocked.CompareExchange(ref _prunedAt, minute, last) != last)
            return;
        var past = now.ToUnixTimeSeconds() - 1;
        foreach (var second in _scheduled.Keys)
        {
            if (second < past)
                _scheduled.TryRemove(second, out _);
        }
    }
}
