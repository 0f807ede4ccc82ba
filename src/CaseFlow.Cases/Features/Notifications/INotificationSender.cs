namespace CaseFlow.Cases.Features.Notifications;

/// <summary>Delivers a stored <see cref="Domain.NotificationMessage"/> on its channel, once: a message already sent is skipped.</summary>
public interface INotificationSender
{
    Task DeliverAsync(string notificationId, CancellationToken cancellationToken = default);
}
