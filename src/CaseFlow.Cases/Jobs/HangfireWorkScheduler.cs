using CaseFlow.Workflows.Durability;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Hands a committed burst's work on: a delayed Hangfire <see cref="TimerJob"/> per timer bookmark (or per second of
/// due times, <see cref="TimerBuckets"/>); each outbox
/// message to the in-process <see cref="OutboxRelay"/>, or to Hangfire's <see cref="OutboxDispatchJob"/> when the
/// relay cannot take it. Both only trigger: the due time and the message stay in CaseFlow's database, so work lost
/// with the process or with Hangfire's (in-memory) storage is found again by the start-up recovery and by
/// <see cref="TimerSweepJob"/>.
/// </summary>
public sealed class HangfireWorkScheduler(IBackgroundJobClient jobs, OutboxRelay relay, TimerBuckets buckets, IOptions<WorkflowJobOptions> options, ILogger<HangfireWorkScheduler> logger) : IWorkflowWorkScheduler
{
    /// <summary>
    /// Puts the timer in its second's bucket (<see cref="TimerBuckets"/>, on PostgreSQL) or schedules a job of its own one
    /// polling interval before its due time, so Hangfire's poll (and its rounding to whole seconds) hands it over before
    /// the due time rather than after; either way <see cref="TimerHolds"/> then fires it on time.
    /// </summary>
    public void ScheduleTimer(string instanceId, string bookmarkId, DateTimeOffset dueAt)
    {
        if (buckets.TryAdd(dueAt))
            return;
        try
        {
            jobs.Schedule<TimerJob>(j => j.FireAtAsync(instanceId, bookmarkId, dueAt, CancellationToken.None), dueAt - options.Value.TimerPollingInterval);
        }
        catch (Exception ex)
        {
            // The burst is committed already; failing its caller now would report a success as an error. The sweep fires the timer.
            logger.LogWarning(ex, "Could not schedule timer {BookmarkId} of instance {InstanceId}; the timer sweep will fire it", bookmarkId, instanceId);
        }
    }

    public void EnqueueDispatch(string outboxMessageId) => EnqueueDispatch(outboxMessageId, outboxMessageId);

    public void EnqueueDispatch(string outboxMessageId, string instanceId)
    {
        if (!relay.TryPost(outboxMessageId, instanceId))
            EnqueueJob(outboxMessageId);
    }

    /// <summary>Delivery by a Hangfire job, retried with back-off (the relay's fallback).</summary>
    public void EnqueueJob(string outboxMessageId)
    {
        try
        {
            jobs.Enqueue<OutboxDispatchJob>(j => j.DispatchAsync(outboxMessageId, CancellationToken.None));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not enqueue outbox message {MessageId}; the timer sweep will dispatch it", outboxMessageId);
        }
    }
}
