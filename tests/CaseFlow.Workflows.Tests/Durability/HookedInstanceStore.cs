using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Workflows.Tests.Durability;

/// <summary>
/// An <see cref="IWorkflowInstanceStore"/> that passes every call to another and lets a test stop a call at a chosen
/// point (to force an interleaving of two callers) or make it fail (a poisoned instance).
/// </summary>
internal sealed class HookedInstanceStore(IWorkflowInstanceStore inner) : IWorkflowInstanceStore
{
    /// <summary>Runs after a bookmark lookup, with its result, before the caller sees it.</summary>
    public Func<IReadOnlyList<StoredBookmark>, Task>? AfterFindBookmarks { get; set; }

    /// <summary>Runs before a parked-stimulus lookup reads the store.</summary>
    public Func<Task>? BeforeFindQueued { get; set; }

    /// <summary>Instances whose stored snapshot cannot be read (as a corrupt row would make it).</summary>
    public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    public async Task<StoredInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Unreadable.Contains(instanceId)
            ? throw new System.Text.Json.JsonException($"The snapshot of {instanceId} is not valid JSON")
            : await inner.FindAsync(instanceId, cancellationToken);

    public Task CommitAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken = default) => inner.CommitAsync(commits, cancellationToken);

    public async Task<IReadOnlyList<StoredBookmark>> FindBookmarksAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default)
    {
        var found = await inner.FindBookmarksAsync(name, hash, correlationId, cancellationToken);
        if (AfterFindBookmarks is { } hook)
            await hook(found);
        return found;
    }

    public Task<IReadOnlyList<StoredBookmark>> FindTimersAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken = default) => inner.FindTimersAsync(upTo, max, cancellationToken);

    public Task EnqueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken = default) => inner.EnqueueStimulusAsync(stimulus, cancellationToken);

    public async Task<IReadOnlyList<QueuedStimulus>> FindQueuedStimuliAsync(string name, string hash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (BeforeFindQueued is { } hook)
            await hook();
        return await inner.FindQueuedStimuliAsync(name, hash, now, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(int max, CancellationToken cancellationToken = default) => inner.ListUndispatchedAsync(max, cancellationToken);
    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(string instanceId, long upToSequence, CancellationToken cancellationToken = default) => inner.ListUndispatchedAsync(instanceId, upToSequence, cancellationToken);

    public Task<(OutboxMessage Message, bool Dispatched)?> FindOutboxMessageAsync(string outboxMessageId, CancellationToken cancellationToken = default) => inner.FindOutboxMessageAsync(outboxMessageId, cancellationToken);

    public Task MarkDispatchedAsync(string outboxMessageId, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.MarkDispatchedAsync(outboxMessageId, at, cancellationToken);

    public Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default) => inner.GetJournalAsync(instanceId, skip, take, cancellationToken);
}

/// <summary>Keeps what was logged, for tests that check a failure was reported.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (_entries)
                return _entries.ToList();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
            _entries.Add((logLevel, formatter(state, exception), exception));
    }
}
