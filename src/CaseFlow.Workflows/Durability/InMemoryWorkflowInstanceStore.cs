using CaseFlow.Workflows.Activities.Scheduling;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;

namespace CaseFlow.Workflows.Durability;

/// <summary>
/// A process-local <see cref="IWorkflowInstanceStore"/> with the same contract as the database one: snapshots are
/// kept as JSON (so nothing leaks by reference), commits are all-or-nothing and revision-checked.
/// </summary>
public sealed class InMemoryWorkflowInstanceStore : IWorkflowInstanceStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Json, long Revision)> _instances = new(StringComparer.Ordinal);
    private readonly List<(string InstanceId, JournalRecord Record)> _journal = [];
    private readonly List<(string InstanceId, string Text)> _lines = [];
    private readonly Dictionary<string, (OutboxMessage Message, bool Dispatched)> _outbox = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (QueuedStimulus Stimulus, bool Consumed)> _queue = new(StringComparer.Ordinal);

    /// <summary>Every line written by every instance, in commit order (tests check exactly-once output).</summary>
    public IReadOnlyList<(string InstanceId, string Text)> Lines
    {
        get
        {
            lock (_lock)
                return _lines.ToList();
        }
    }

    public Task<StoredInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var stored)
                ? new StoredInstance(WorkflowSnapshotSerializer.Deserialize(stored.Json), stored.Revision)
                : null);
        }
    }

    public Task CommitAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commits);
        lock (_lock)
        {
            foreach (var commit in commits)
            {
                var exists = _instances.TryGetValue(commit.InstanceId, out var current);
                if (commit.ExpectedRevision is null ? exists : !exists || current.Revision != commit.ExpectedRevision)
                    throw new WorkflowConcurrencyException($"Instance {commit.InstanceId} was changed by someone else (expected revision {commit.ExpectedRevision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
                if (commit.ConsumedStimulusId is { } consumed && _queue.TryGetValue(consumed, out var queued) && queued.Consumed)
                    throw new WorkflowConcurrencyException($"Stimulus {consumed} was consumed by someone else");
            }

            foreach (var commit in commits)
            {
                var revision = (commit.ExpectedRevision ?? 0) + 1;
                _instances[commit.InstanceId] = (WorkflowSnapshotSerializer.Serialize(commit.Snapshot), revision);
                _journal.AddRange(commit.Journal.Select(r => (commit.InstanceId, r)));
                _lines.AddRange(commit.Lines.Select(l => (commit.InstanceId, l)));
                foreach (var message in commit.Outbox)
                    _outbox[message.Id] = (message, false);
                if (commit.ConsumedStimulusId is { } consumed && _queue.TryGetValue(consumed, out var queued))
                    _queue[consumed] = (queued.Stimulus, true);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredBookmark>> FindBookmarksAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Bookmarks(b => b.Bookmark.Name == name && b.Bookmark.Hash == hash && (correlationId is null || b.CorrelationId == correlationId))
            .OrderBy(b => b.Bookmark.CreatedAt).ToList() as IReadOnlyList<StoredBookmark>);

    public Task<IReadOnlyList<StoredBookmark>> FindTimersAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(Bookmarks(b => b.Bookmark.DueAt is { } due && due <= upTo)
            .OrderBy(b => b.Bookmark.DueAt).Take(max).ToList() as IReadOnlyList<StoredBookmark>);

    private List<StoredBookmark> Bookmarks(Func<StoredBookmark, bool> predicate)
    {
        lock (_lock)
        {
            return _instances.Values
                .Select(i => WorkflowSnapshotSerializer.Deserialize(i.Json).State)
                .Where(s => s.Status == WorkflowStatus.Running)
                .SelectMany(s => s.Bookmarks.Select(b => new StoredBookmark(s.Id, s.CorrelationId, b)))
                .Where(predicate)
                .ToList();
        }
    }

    public Task EnqueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        lock (_lock)
            _queue[stimulus.Id] = (stimulus, false);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueuedStimulus>> FindQueuedStimuliAsync(string name, string hash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_queue.Values
                .Where(q => !q.Consumed && q.Stimulus.Name == name && q.Stimulus.Hash == hash && q.Stimulus.ExpiresAt > now)
                .Select(q => q.Stimulus)
                .OrderBy(q => q.CreatedAt)
                .ToList() as IReadOnlyList<QueuedStimulus>);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_outbox.Values.Where(o => !o.Dispatched).Select(o => o.Message)
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.InstanceId, StringComparer.Ordinal).ThenBy(m => m.Sequence).Take(max).ToList() as IReadOnlyList<OutboxMessage>);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(string instanceId, long upToSequence, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_outbox.Values
                .Where(o => !o.Dispatched && o.Message.InstanceId == instanceId && o.Message.Sequence <= upToSequence)
                .Select(o => o.Message)
                .OrderBy(m => m.Sequence).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)
                .ToList() as IReadOnlyList<OutboxMessage>);
        }
    }

    public Task<(OutboxMessage Message, bool Dispatched)?> FindOutboxMessageAsync(string outboxMessageId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_outbox.TryGetValue(outboxMessageId, out var entry) ? entry : ((OutboxMessage, bool)?)null);
    }

    public Task MarkDispatchedAsync(string outboxMessageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_outbox.TryGetValue(outboxMessageId, out var entry))
                _outbox[outboxMessageId] = (entry.Message, true);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_journal.Where(j => j.InstanceId == instanceId).Select(j => j.Record).OrderBy(r => r.Sequence).Skip(skip).Take(take).ToList() as IReadOnlyList<JournalRecord>);
    }
}
