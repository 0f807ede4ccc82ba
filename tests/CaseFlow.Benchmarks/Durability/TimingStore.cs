using System.Collections.Concurrent;
using System.Diagnostics;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Benchmarks.Durability;

/// <summary>Wraps the instance store and adds up the time spent in each of its methods: where a durable burst's time goes.</summary>
internal sealed class TimingStore(IWorkflowInstanceStore inner) : IWorkflowInstanceStore
{
    private readonly ConcurrentDictionary<string, (long Ticks, int Calls)> _totals = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (TimeSpan Total, int Calls)> Totals =>
        _totals.ToDictionary(p => p.Key, p => (Stopwatch.GetElapsedTime(0, p.Value.Ticks), p.Value.Calls), StringComparer.Ordinal);

    public void Reset() => _totals.Clear();

    public Task<StoredInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) => Time(nameof(FindAsync), () => inner.FindAsync(instanceId, cancellationToken));

    public Task CommitAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken = default) => Time(nameof(CommitAsync), async () =>
    {
        await inner.CommitAsync(commits, cancellationToken);
        return true;
    });

    public Task<IReadOnlyList<StoredBookmark>> FindBookmarksAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default) =>
        Time(nameof(FindBookmarksAsync), () => inner.FindBookmarksAsync(name, hash, correlationId, cancellationToken));

    public Task<IReadOnlyList<StoredBookmark>> FindTimersAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken = default) =>
        Time(nameof(FindTimersAsync), () => inner.FindTimersAsync(upTo, max, cancellationToken));

    public Task EnqueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken = default) => Time(nameof(EnqueueStimulusAsync), async () =>
    {
        await inner.EnqueueStimulusAsync(stimulus, cancellationToken);
        return true;
    });

    public Task<IReadOnlyList<QueuedStimulus>> FindQueuedStimuliAsync(string name, string hash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Time(nameof(FindQueuedStimuliAsync), () => inner.FindQueuedStimuliAsync(name, hash, now, cancellationToken));

    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(int max, CancellationToken cancellationToken = default) =>
        Time(nameof(ListUndispatchedAsync), () => inner.ListUndispatchedAsync(max, cancellationToken));

    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(string instanceId, long upToSequence, CancellationToken cancellationToken = default) =>
        Time(nameof(ListUndispatchedAsync) + "(instance)", () => inner.ListUndispatchedAsync(instanceId, upToSequence, cancellationToken));

    public Task<(OutboxMessage Message, bool Dispatched)?> FindOutboxMessageAsync(string outboxMessageId, CancellationToken cancellationToken = default) =>
        Time(nameof(FindOutboxMessageAsync), () => inner.FindOutboxMessageAsync(outboxMessageId, cancellationToken));

    public Task MarkDispatchedAsync(string outboxMessageId, DateTimeOffset at, CancellationToken cancellationToken = default) => Time(nameof(MarkDispatchedAsync), async () =>
    {
        await inner.MarkDispatchedAsync(outboxMessageId, at, cancellationToken);
        return true;
    });

    public Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default) =>
        Time(nameof(GetJournalAsync), () => inner.GetJournalAsync(instanceId, skip, take, cancellationToken));

    private async Task<T> Time<T>(string name, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            var elapsed = Stopwatch.GetTimestamp() - started;
            _totals.AddOrUpdate(name, (elapsed, 1), (_, t) => (t.Ticks + elapsed, t.Calls + 1));
        }
    }
}
