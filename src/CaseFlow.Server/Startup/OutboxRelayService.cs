using CaseFlow.Cases.Jobs;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Startup;

/// <summary>
/// Runs the <see cref="OutboxRelay"/>'s workers for the host's lifetime (<see cref="WorkflowJobOptions.OutboxRelayWorkers"/>).
/// A delivery that throws, and whatever is still queued at the stop, becomes a Hangfire job that retries it.
/// </summary>
internal sealed class OutboxRelayService(
    OutboxRelay relay,
    WorkflowEventDispatcher dispatcher,
    HangfireWorkScheduler jobs,
    IOptions<WorkflowJobOptions> options,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = options.Value.OutboxRelayWorkers;
        if (workers <= 0)
        {
            logger.LogInformation("The outbox relay is off (CaseFlow:Jobs:OutboxRelayWorkers = {Workers}); every outbox message goes through a Hangfire job", workers);
            return Task.CompletedTask;
        }

        return relay.RunAsync(workers, dispatcher.DispatchAsync, Fallback, stoppingToken);
    }

    private void Fallback(string outboxMessageId, Exception? error)
    {
        if (error is not null)
            logger.LogWarning(error, "Outbox message {OutboxMessageId} could not be delivered in process: {Reason}. A Hangfire job retries it", outboxMessageId, error.Message);
        jobs.EnqueueJob(outboxMessageId);
    }
}
