using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>Delivers a stored <see cref="Domain.NotificationMessage"/> on its channel, once: a message already sent is skipped.</summary>
public interface INotificationSender
{
    Task DeliverAsync(string notificationId, CancellationToken cancellationToken = default);
}

/// <summary>How outbox handlers hand a stored message to its channel.</summary>
public static class NotificationSenderExtensions
{
    /// <summary>
    /// Delivers a stored message; a failed send is logged and left pending instead of thrown. The message row already
    /// holds the attempt and its error, and the case sweep (<see cref="NotificationService.DeliverPendingAsync"/>) retries
    /// it. Outbox messages of one instance are delivered in order, so a throw here would hold up every later message of
    /// the instance (its tasks, case updates, SLA clocks) for as long as the mail server is down.
    /// </summary>
    /// <returns>False when the send failed and the message waits for the sweep.</returns>
    public static async Task<bool> DeliverOrLeavePendingAsync(this INotificationSender sender, string notificationId, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            await sender.DeliverAsync(notificationId, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Notification {NotificationId} could not be sent now; it stays pending and the case sweep tries again", notificationId);
            return false;
        }
    }
}
