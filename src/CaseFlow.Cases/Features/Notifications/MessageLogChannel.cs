using CaseFlow.Cases.Domain;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// The <c>log</c> channel: sends nothing anywhere, because the stored message is itself the message log shown on the
/// case. It also stands in for email while no SMTP host is set, and for <c>sms</c> and <c>voice</c> until a channel
/// of that name is registered: CaseFlow has no SMS or voice provider yet, so agents read those messages to the
/// customer themselves.
/// </summary>
public sealed class MessageLogChannel : INotificationChannel
{
    public string Name => NotificationChannelNames.Log;

    public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
