using CaseFlow.Cases.Domain;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// Puts into a message what its stored copy leaves out because staff may not read it (a survey's link), just before a
/// channel sends it to the recipient. The stored message, and so the case's message log and timeline, keep the
/// placeholder; nothing revealed is written back. Not called for channels that only keep the message log.
/// </summary>
public interface INotificationSecrets
{
    /// <summary>
    /// The message as its recipient gets it: a copy with the secret in, or <paramref name="message"/> itself when it
    /// has none. Throws <see cref="NotificationUndeliverableException"/> when the secret cannot be had any more.
    /// </summary>
    Task<NotificationMessage> RevealAsync(NotificationMessage message, CancellationToken cancellationToken);
}
