using CaseFlow.Workflows.Durability;
using Hangfire;

namespace CaseFlow.Cases.Jobs;

/// <summary>Fires one timer bookmark at its due time. Running it twice is harmless: the bookmark is burned by the first run.</summary>
/// <param name="runtime">The engine that fires it.</param>
/// <param name="holds">Where a timer that arrives early waits for its due time; without it, the job fires at once.</param>
public sealed class TimerJob(DurableWorkflowRuntime runtime, TimerHolds? holds = null)
{
    /// <summary>Fires the timer now (jobs scheduled before <see cref="FireAtAsync"/> existed, and a held timer's retry).</summary>
    [JobDisplayName("Timer {1} of instance {0}")]
    public async Task FireAsync(string instanceId, string bookmarkId, CancellationToken cancellationToken) =>
        await runtime.FireTimerAsync(instanceId, bookmarkId, cancellationToken);

    /// <summary>
    /// Fires the timer at <paramref name="dueAt"/>: Hangfire keeps due times in whole seconds and is asked to bring the
    /// job a polling interval early, so the job usually runs a little before the due time; then the timer is held in
    /// process (no worker waits) and fired on time, never before.
    /// </summary>
    [JobDisplayName("Timer {1} of instance {0} due {2}")]
    public async Task FireAtAsync(string instanceId, string bookmarkId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (holds?.TryHold(instanceId, bookmarkId, dueAt) == true)
            return;
        await runtime.FireTimerAsync(instanceId, bookmarkId, cancellationToken);
    }
}
