using Hangfire;

namespace CaseFlow.Cases.Jobs;

/// <summary>Delivers one outbox message after its burst committed. Running it twice is harmless: a dispatched message is skipped.</summary>
public sealed class OutboxDispatchJob(WorkflowEventDispatcher dispatcher)
{
    [JobDisplayName("Outbox message {0}")]
    public async Task DispatchAsync(string outboxMessageId, CancellationToken cancellationToken) =>
        await dispatcher.DispatchAsync(outboxMessageId, cancellationToken);
}
