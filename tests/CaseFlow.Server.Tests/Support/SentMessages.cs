using System.Collections.Concurrent;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;

namespace CaseFlow.Server.Tests.Support;

/// <summary>A notification channel that keeps what it is handed: what the recipient would receive.</summary>
internal sealed partial class SentMessages(string name) : INotificationChannel
{
    private readonly ConcurrentQueue<NotificationMessage> _sent = new();

    public string Name => name;

    public IReadOnlyList<NotificationMessage> All => [.. _sent];

    /// <summary>The survey link (<c>/s/{token}</c>) of the first invitation sent, or null while none was.</summary>
    public string? SurveyLink()
    {
        foreach (var message in _sent)
        {
            if (SurveyPath().Match(message.Body) is { Success: true } match)
                return match.Value;
        }

        return null;
    }

    public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        _sent.Enqueue(message);
        return Task.CompletedTask;
    }

    [System.Text.RegularExpressions.GeneratedRegex("/s/[A-Za-z0-9_-]{43}")]
    private static partial System.Text.RegularExpressions.Regex SurveyPath();
}
