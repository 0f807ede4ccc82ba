using CaseFlow.Cases.Domain;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// Port: sends a stored message on one medium. <see cref="NotificationService"/> calls it at most once per claim and
/// records the result; a channel throws to report a failure (retried), or
/// <see cref="NotificationUndeliverableException"/> when retrying cannot help.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The implementation's name, as <see cref="NotificationOptions.Channels"/> refers to it (e.g. <c>log</c>, <c>email</c>).</summary>
    string Name { get; }

    Task SendAsync(NotificationMessage message, CancellationToken cancellationToken);
}

/// <summary>A message that can never go out as it is (no address, an address that is not one): it fails at once, without retries.</summary>
public sealed class NotificationUndeliverableException : Exception
{
    public NotificationUndeliverableException(string message) : base(message) { }
    public NotificationUndeliverableException(string message, Exception inner) : base(message, inner) { }
    public NotificationUndeliverableException() { }
}
