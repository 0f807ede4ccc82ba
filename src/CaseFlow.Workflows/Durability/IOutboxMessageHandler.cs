namespace CaseFlow.Workflows.Durability;

/// <summary>
/// Port: delivers the outbox messages of application-defined kinds (<see cref="Runtime.OutboxItem"/>) after their
/// burst committed. A message can be delivered more than once (a crash between delivery and marking it dispatched,
/// a retried job): a handler must be idempotent, keyed by <see cref="OutboxMessage.Id"/> or by an id in the payload.
/// </summary>
public interface IOutboxMessageHandler
{
    /// <summary>The message kinds this handler delivers.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken);
}
