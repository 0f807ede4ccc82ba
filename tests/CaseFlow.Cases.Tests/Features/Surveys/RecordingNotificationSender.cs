using CaseFlow.Cases.Features.Notifications;

namespace CaseFlow.Cases.Tests.Features.Surveys;

/// <summary>Records what it was asked to deliver and hands it on to the host's real sender, when there is one.</summary>
internal sealed class RecordingNotificationSender(INotificationSender? inner) : INotificationSender
{
    private readonly List<string> _delivered = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Delivered
    {
        get
        {
            lock (_lock)
                return _delivered.ToList();
        }
    }

    public async Task DeliverAsync(string notificationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            _delivered.Add(notificationId);
        if (inner is not null)
            await inner.DeliverAsync(notificationId, cancellationToken);
    }
}
