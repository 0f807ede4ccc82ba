using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Workflows.Durability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// Delivers a <c>CaseFlow.Notify</c> after its burst committed: stores the message under the activity's key, then
/// sends it. A redelivered or retried message repeats both steps harmlessly (the key finds the stored message, a
/// sent message is skipped); a failed send stays pending for the case sweep, so it does not hold up the instance's
/// later outbox messages.
/// </summary>
public sealed class NotifyHandler(NotificationService notifications, ILogger<NotifyHandler>? logger = null) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.Notify];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stored = await notifications.EnqueueAsync(ToRequest(message), cancellationToken);
        await notifications.DeliverOrLeavePendingAsync(stored.Id, logger ?? (ILogger)NullLogger.Instance, cancellationToken);
    }

    /// <summary>The request a Notify's outbox message stands for (the activity checked the recipient kind and channel).</summary>
    public static NotificationRequest ToRequest(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var p = message.Payload;
        var kindText = p.GetValueOrDefault("recipientKind") as string;
        RecipientKind kind;
        if (kindText is null)
            kind = RecipientKind.Customer;
        else if (!Enum.TryParse(kindText, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
            throw new InvalidOperationException($"Outbox message {message.Id}: '{kindText}' is not a recipient kind");
        return new NotificationRequest
        {
            // A payload without a key (not written by Notify) is keyed by its outbox message, which is as stable.
            IdempotencyKey = p.GetValueOrDefault("key") as string ?? "outbox:" + message.Id,
            CaseId = p.GetValueOrDefault("caseId") as string,
            WorkflowInstanceId = message.InstanceId,
            RecipientKind = kind,
            Recipient = p.GetValueOrDefault("recipient") as string,
            Channel = p.GetValueOrDefault("channel") as string ?? NotificationChannelNames.Auto,
            Subject = p.GetValueOrDefault("subject") as string,
            Body = p.GetValueOrDefault("body") as string ?? "",
        };
    }
}
