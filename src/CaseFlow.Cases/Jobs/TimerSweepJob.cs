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

    // One message that throws (unreadable, or its delivery fails) is logged and backed off; the others go on. Messages
    // that keep failing are read past (the back-off's page), so they never fill the oldest-first batch.
    private async Task<int> DispatchStaleOutboxAsync(CancellationToken cancellationToken)
    {
        var now = runtime.Runner.Clock.GetUtcNow();
        var cutoff = now - options.Value.OutboxRedispatchAfter;
        var failures = gate.OutboxFailures;
        var batch = runtime.Options.TimerSweepBatchSize;
        var dispatched = 0;
        var tried = 0;
        foreach (var message in await runtime.Store.ListUndispatchedAsync(failures.PageSize(batch), cancellationToken))
        {
            if (tried == batch)
                break;
            if (message.CreatedAt > cutoff || failures.IsWaiting(message.Id, now))
                continue;
            tried++;
            try
            {
                await dispatcher.DispatchAsync(message.Id, cancellationToken);
                failures.Succeeded(message.Id);
                dispatched++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var retryAt = failures.Failed(message.Id, runtime.Runner.Clock.GetUtcNow());
                logger.LogError(ex, "Outbox message {MessageId} ({Kind}) of instance {InstanceId} could not be delivered: {Reason}. The other messages go on; this one is tried again from {RetryAt:O}",
                    message.Id, message.Kind, message.InstanceId, ex.Message, retryAt);
            }
        }

        return dispatched;
    }
}

/// <summary>Keeps two sweeps of one process from overlapping and remembers what failed in earlier sweeps (a singleton; job instances are created per run).</summary>
public sealed class SweepGate
{
    private int _busy;

    /// <summary>Outbox messages whose delivery failed in an earlier sweep, and when to try each again.</summary>
    public FailureBackoff OutboxFailures { get; } = new();

    public bool TryEnter() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Exit() => Volatile.Write(ref _busy, 0);
}
