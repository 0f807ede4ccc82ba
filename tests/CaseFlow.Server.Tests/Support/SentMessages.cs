using System.Collections.Concurrent;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;

namespace CaseFlow.Server.Tests.Support;

/// <summary>A notification channel that keeps what it is handed: what the recipient would receive.</summary>
internal sealed class SentMessages(string name) : INotificationChannel
{
    private readonly ConcurrentQueue<NotificationMessage> _sent = new();

    public string Name => name;

    public IReadOnlyList<NotificationMessage> All => [.. _sent];

    public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        _sent.Enqueue(message);
        return Task.CompletedTask;
    }
}
