using CaseFlow.Workflows.Durability;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// The recurring safety net (every <see cref="WorkflowJobOptions.TimerSweepInterval"/>): fires every timer that is
/// due according to the database, dispatches outbox messages nobody delivered, and brings the cron triggers' recurring
/// jobs in line with the triggers table. Timers and messages written by another process (a second server, the CLI)
/// are picked up here, since that process's job system never told this one about them.
/// </summary>
public sealed class TimerSweepJob(
    DurableWorkflowRuntime runtime,
    WorkflowEventDispatcher dispatcher,
    RecurringTriggerRegistrar triggers,
    SweepGate gate,
    IOptions<WorkflowJobOptions> options,
    ILogger<TimerSweepJob> logger)
{
    public const string RecurringJobId = "caseflow:timer-sweep";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Timer sweep")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // One sweep at a time per process; an overlapping run would only repeat the same no-op work.
        if (!gate.TryEnter())
            return;
        try
        {
            var fired = await runtime.FireDueTimersAsync(cancellationToken);
            var dispatched = await DispatchStaleOutboxAsync(cancellationToken);
            await triggers.ReconcileAsync(cancellationToken);
            if (fired > 0 || dispatched > 0)
                logger.LogInformation("Timer sweep fired {Fired} timers and dispatched {Dispatched} outbox messages", fired, dispatched);
        }
        finally
        {
            gate.Exit();
        }
    }

    private async Task<int> DispatchStaleOutboxAsync(CancellationToken cancellationToken)
    {
        var cutoff = runtime.Runner.Clock.GetUtcNow() - options.Value.OutboxRedispatchAfter;
        var dispatched = 0;
        foreach (var message in await runtime.Store.ListUndispatchedAsync(runtime.Options.TimerSweepBatchSize, cancellationToken))
        {
            if (message.CreatedAt > cutoff)
                continue;
            await dispatcher.DispatchAsync(message.Id, cancellationToken);
            dispatched++;
        }

        return dispatched;
    }
}

/// <summary>Keeps two sweeps of one process from overlapping (a singleton; job instances are created per run).</summary>
public sealed class SweepGate
{
    private int _busy;

    public bool TryEnter() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Exit() => Volatile.Write(ref _busy, 0);
}
