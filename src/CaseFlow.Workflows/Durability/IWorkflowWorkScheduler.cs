namespace CaseFlow.Workflows.Durability;

/// <summary>
/// Port: hands work to a job system after a commit (CaseFlow.Cases implements it with Hangfire). The job system is
/// never the only copy: timers live as bookmarks and messages in the outbox, so anything lost here is found again
/// by <see cref="DurableWorkflowRuntime.RecoverAsync"/>.
/// </summary>
public interface IWorkflowWorkScheduler
{
    /// <summary>Arrange for <see cref="DurableWorkflowRuntime.FireTimerAsync"/> at (or soon after) <paramref name="dueAt"/>.</summary>
    void ScheduleTimer(string instanceId, string bookmarkId, DateTimeOffset dueAt);

    /// <summary>Arrange for <see cref="DurableWorkflowRuntime.DispatchAsync(string, CancellationToken)"/> of an outbox message.</summary>
    void EnqueueDispatch(string outboxMessageId);

    /// <summary>
    /// As <see cref="EnqueueDispatch(string)"/>, naming the message's instance: a scheduler that delivers in process can
    /// keep one instance's messages on one worker, in order, instead of two workers delivering the same earlier message at once.
    /// </summary>
    void EnqueueDispatch(string outboxMessageId, string instanceId) => EnqueueDispatch(outboxMessageId);
}

/// <summary>Runs nothing in the background: timers and outbox messages wait for <see cref="DurableWorkflowRuntime.RecoverAsync"/> or explicit calls.</summary>
public sealed class ManualWorkScheduler : IWorkflowWorkScheduler
{
    private readonly List<(string InstanceId, string BookmarkId, DateTimeOffset DueAt)> _timers = [];
    private readonly List<string> _dispatches = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<(string InstanceId, string BookmarkId, DateTimeOffset DueAt)> Timers
    {
        get
        {
            lock (_lock)
                return _timers.ToList();
        }
    }

    public IReadOnlyList<string> Dispatches
    {
        get
        {
            lock (_lock)
                return _dispatches.ToList();
        }
    }

    public void ScheduleTimer(string instanceId, string bookmarkId, DateTimeOffset dueAt)
    {
        lock (_lock)
            _timers.Add((instanceId, bookmarkId, dueAt));
    }

    public void EnqueueDispatch(string outboxMessageId)
    {
        lock (_lock)
            _dispatches.Add(outboxMessageId);
    }
}
