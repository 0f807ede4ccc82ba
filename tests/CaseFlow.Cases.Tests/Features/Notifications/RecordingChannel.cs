using System.Collections.Concurrent;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;

namespace CaseFlow.Cases.Tests.Features.Notifications;

/// <summary>A channel that records what it was asked to send; it can fail a number of times first and take its time.</summary>
internal sealed class RecordingChannel(string name) : INotificationChannel
{
    private int _failuresLeft;

    public string Name => name;

    /// <summary>Messages it accepted, in order.</summary>
    public ConcurrentQueue<NotificationMessage> Sent { get; } = new();

    /// <summary>Every call, including failed ones.</summary>
    public int Calls => _calls;

    private int _calls;

    /// <summary>How long a send takes; long enough for a second delivery to overlap.</summary>
    public TimeSpan Delay { get; set; }

    public RecordingChannel FailTimes(int times)
    {
        _failuresLeft = times;
        return this;
    }

    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, cancellationToken);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            throw new IOException("mail server unavailable");
        Sent.Enqueue(message);
    }
}
