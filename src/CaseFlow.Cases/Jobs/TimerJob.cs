using CaseFlow.Workflows.Durability;
using Hangfire;

namespace CaseFlow.Cases.Jobs;

/// <summary>Fires one timer bookmark at its due time. Running it twice is harmless: the bookmark is burned by the first run.</summary>
public sealed class TimerJob(DurableWorkflowRuntime runtime)
{
    [JobDisplayName("Timer {1} of instance {0}")]
    public async Task FireAsync(string instanceId, string bookmarkId, CancellationToken cancellationToken) =>
        await runtime.FireTimerAsync(instanceId, bookmarkId, cancellationToken);
}
