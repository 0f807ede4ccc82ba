using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Activities.Events;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Jobs;

/// <summary>What publishing an event did.</summary>
public sealed record EventDelivery(int Resumed, IReadOnlyList<string> Started);

/// <summary>
/// Publishes events the way Elsa does: the event resumes the instances waiting for it and starts the published
/// definitions whose <c>Elsa.Event</c> trigger has its name. Outbox deliveries (an <c>Elsa.PublishEvent</c> inside a
/// workflow) go through here too, so a workflow's event starts triggered definitions as well.
/// </summary>
public sealed class WorkflowEventDispatcher(DurableWorkflowRuntime runtime, TriggeredStarts starts, EfWorkflowDefinitionStore definitions)
{
    /// <summary>
    /// Starts triggered definitions first, then resumes waiting instances. Both halves are idempotent per
    /// <paramref name="stimulusId"/>, so a delivery that is repeated after a crash does nothing twice.
    /// </summary>
    public async Task<EventDelivery> PublishAsync(string eventName, string? correlationId, object? payload, string? stimulusId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        stimulusId ??= WorkflowExecutionContext.NewId();
        var started = await StartTriggeredAsync(eventName, correlationId, payload, stimulusId, cancellationToken);
        var resumed = await runtime.PublishEventAsync(eventName, correlationId, payload, stimulusId, cancellationToken);
        return new EventDelivery(resumed, started);
    }

    /// <summary>
    /// Delivers one outbox message after the undelivered earlier messages of its instance, in order (see
    /// <see cref="DurableWorkflowRuntime.DispatchAsync(string, Func{OutboxMessage, CancellationToken, Task}?, CancellationToken)"/>);
    /// an event also starts triggered definitions. A dispatched or unknown message is skipped.
    /// </summary>
    public Task DispatchAsync(string outboxMessageId, CancellationToken cancellationToken = default) =>
        runtime.DispatchAsync(outboxMessageId, StartTriggeredByAsync, cancellationToken);

    private async Task StartTriggeredByAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind == OutboxKinds.PublishEvent && message.Payload.GetValueOrDefault("eventName") is string eventName)
            await StartTriggeredAsync(eventName, message.Payload.GetValueOrDefault("correlationId") as string, message.Payload.GetValueOrDefault("payload"), message.Id, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> StartTriggeredAsync(string eventName, string? correlationId, object? payload, string stimulusId, CancellationToken cancellationToken)
    {
        var hash = Bookmark.ComputeHash(Event.BookmarkName, new Dictionary<string, object?> { ["eventName"] = eventName }, null);
        var triggers = await definitions.FindTriggersAsync(Event.BookmarkName, hash, cancellationToken);
        var started = new List<string>();
        foreach (var trigger in triggers)
        {
            // Elsa's Event trigger reads the payload from the "Payload" input.
            var input = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Payload"] = payload };
            if (await starts.StartAsync(trigger, stimulusId, input, correlationId, cancellationToken) is { } state)
                started.Add(state.Id);
        }

        return started;
    }
}
