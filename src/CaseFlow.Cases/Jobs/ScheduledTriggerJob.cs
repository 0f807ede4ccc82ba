using Hangfire;
using Hangfire.Server;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Starts an instance for a <c>Cron</c>/<c>Timer</c> trigger (a recurring job per trigger) or a <c>StartAt</c>
/// trigger (one delayed job). The trigger is read from the database when the job runs: a retracted version has no
/// trigger row any more and the job does nothing.
/// </summary>
public sealed class ScheduledTriggerJob(ScheduledStarts starts)
{
    /// <summary>Hangfire's recurring-job scheduler stamps every job it creates with this parameter: the (whole-second, UTC) time it triggered it.</summary>
    public const string TimeParameter = "Time";

    /// <summary><paramref name="context"/> is supplied by Hangfire (pass null).</summary>
    [JobDisplayName("Trigger {0}")]
    public Task StartAsync(string triggerId, PerformContext? context, CancellationToken cancellationToken)
    {
        // The occurrence is the latest one at or before the time Hangfire's scheduler triggered this job, not "now":
        // that stamp is stored with the job, so a job that runs late (a busy server) or is retried after a failure
        // still names its own occurrence instead of a later one. (Hangfire's default misfire handling triggers one
        // job for occurrences it fell behind on, stamped with the time it caught up: that is the latest of them,
        // like the run-once policy.) The Hangfire job id is no identity: in-memory storage numbers jobs afresh in
        // every process. Without a stamp (run by hand, not by Hangfire) the occurrence is the latest one by now.
        var stamp = context?.GetJobParameter<long?>(TimeParameter, allowStale: true);
        DateTimeOffset? scheduledFor = stamp is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        return starts.StartAsync(triggerId, scheduledFor, cancellationToken);
    }
}
