using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;

namespace CaseFlow.Workflows.Durability;

/// <summary>
/// Port: where durable instances live. CaseFlow.Cases implements it with EF Core; <see cref="InMemoryWorkflowInstanceStore"/>
/// serves engine tests. Every write goes through <see cref="CommitAsync"/>, which is atomic and optimistic.
/// </summary>
public interface IWorkflowInstanceStore
{
    Task<StoredInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one burst's results for one or more instances (a parent and the children it started inline) in one
    /// transaction: each instance's snapshot and summary, its full set of bookmarks, new journal records, written
    /// lines, incidents and outbox messages, and the queued stimuli it consumed. An instance with an
    /// <see cref="InstanceCommit.ExpectedRevision"/> that no longer matches aborts the whole commit with
    /// <see cref="WorkflowConcurrencyException"/>; nothing is written then.
    /// </summary>
    Task CommitAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken = default);

    /// <summary>Bookmarks with this name and hash (and correlation id, when given), oldest first.</summary>
    Task<IReadOnlyList<StoredBookmark>> FindBookmarksAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default);

    /// <summary>Timer bookmarks due at or before <paramref name="upTo"/> (all timers with <see cref="DateTimeOffset.MaxValue"/>), earliest first.</summary>
    Task<IReadOnlyList<StoredBookmark>> FindTimersAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken = default);

    /// <summary>Parks a stimulus that found no bookmark, in case one appears shortly (Elsa's bookmark queue).</summary>
    Task EnqueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken = default);

    /// <summary>Unconsumed, unexpired queued stimuli with this name and hash, oldest first.</summary>
    Task<IReadOnlyList<QueuedStimulus>> FindQueuedStimuliAsync(string name, string hash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Undelivered outbox messages of every instance, oldest first (an instance's in <see cref="OutboxMessage.Sequence"/> order).</summary>
    Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Undelivered outbox messages of one instance with a <see cref="OutboxMessage.Sequence"/> up to
    /// <paramref name="upToSequence"/>, in sequence order: what must be delivered before (and including) that message.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(string instanceId, long upToSequence, CancellationToken cancellationToken = default);

    /// <summary>One outbox message and whether it was dispatched already; null when unknown.</summary>
    Task<(OutboxMessage Message, bool Dispatched)?> FindOutboxMessageAsync(string outboxMessageId, CancellationToken cancellationToken = default);

    Task MarkDispatchedAsync(string outboxMessageId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Journal records of one instance in sequence order.</summary>
    Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default);
}

/// <summary>A stored instance: its snapshot and the revision to expect when saving it again.</summary>
public sealed record StoredInstance(WorkflowSnapshot Snapshot, long Revision);

/// <summary>A bookmark as stored, with the instance it belongs to.</summary>
public sealed record StoredBookmark(string InstanceId, string? CorrelationId, Bookmark Bookmark);

/// <summary>What one burst wrote for one instance.</summary>
public sealed class InstanceCommit
{
    public required WorkflowSnapshot Snapshot { get; init; }

    /// <summary>
    /// Null inserts a new instance (at revision 1); otherwise the revision read before the burst. The commit writes
    /// revision <c>ExpectedRevision + 1</c>: the outbox sequence numbers of its messages are derived from that.
    /// </summary>
    public long? ExpectedRevision { get; init; }

    public IReadOnlyList<JournalRecord> Journal { get; init; } = [];

    /// <summary>Text written by <c>Elsa.WriteLine</c> during the burst, in order.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];

    /// <summary>A queued stimulus this burst consumed; marked consumed in the same transaction.</summary>
    public string? ConsumedStimulusId { get; init; }

    /// <summary>Bookmarks this burst created that a parked stimulus may already wait for (the runtime delivers it after the commit).</summary>
    public IReadOnlyList<Bookmark> AwaitingBookmarks { get; init; } = [];

    /// <summary>
    /// Set by a store that looked, inside the commit's own transaction and after writing the bookmarks, for the
    /// unconsumed, unexpired stimuli parked for each of <see cref="AwaitingBookmarks"/> (one list per bookmark, as
    /// <see cref="IWorkflowInstanceStore.FindQueuedStimuliAsync"/> returns them). Only a store whose write transactions
    /// are serialized with every other write (SQLite) may do so: then either this commit sees a stimulus parked before
    /// it, or the publisher, which looks for bookmarks after parking, sees this commit. Null: the store did not look,
    /// and the runtime asks <see cref="IWorkflowInstanceStore.FindQueuedStimuliAsync"/> after the commit.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<QueuedStimulus>>? ParkedStimuli { get; set; }

    public string InstanceId => Snapshot.State.Id;
}

/// <summary>An event or other stimulus parked until a matching bookmark exists.</summary>
public sealed record QueuedStimulus(string Id, string Name, string Hash, string? CorrelationId, object? Input, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>Work handed out by a burst, delivered after the burst commits (transactional outbox).</summary>
public sealed record OutboxMessage(string Id, string Kind, string InstanceId, Dictionary<string, object?> Payload, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The message's place among all messages of its instance (<see cref="OutboxSequence"/>): messages of one instance
    /// are delivered in this order, and a handler can tell an older message that arrives late from a newer one.
    /// 0 for messages written before sequences existed.
    /// </summary>
    public long Sequence { get; init; }
}

/// <summary>
/// Numbers an instance's outbox messages: <c>revision × <see cref="PerBurst"/> + index in the burst</c>. Each burst
/// commits its instance at the next revision, and the revision check lets only one burst commit each revision, so
/// the numbers grow across bursts and never repeat; no counter needs to live in the instance's state.
/// </summary>
public static class OutboxSequence
{
    /// <summary>More messages than this from one instance in one burst are refused (no real burst comes near).</summary>
    public const long PerBurst = 1_000_000;

    public static long Of(long revision, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index >= PerBurst)
            throw new InvalidOperationException($"A burst wrote more than {PerBurst} outbox messages for one instance");
        return checked(revision * PerBurst + index);
    }

    /// <summary>The instance revision that wrote a message with this sequence.</summary>
    public static long RevisionOf(long sequence) => sequence / PerBurst;
}

/// <summary>Outbox message kinds.</summary>
public static class OutboxKinds
{
    /// <summary>An <c>Elsa.PublishEvent</c>: resume waiting instances, start triggered definitions.</summary>
    public const string PublishEvent = "PublishEvent";

    /// <summary>A child instance finished: resume its parent's ExecuteWorkflow bookmark.</summary>
    public const string ChildCompleted = "ChildCompleted";

    /// <summary>An <c>Elsa.RunTask</c> handed a task out.</summary>
    public const string RunTask = "RunTask";
}

/// <summary>Another writer saved the instance first; reload and try again.</summary>
public sealed class WorkflowConcurrencyException : Exception
{
    public WorkflowConcurrencyException(string message) : base(message) { }
    public WorkflowConcurrencyException(string message, Exception inner) : base(message, inner) { }
    public WorkflowConcurrencyException() { }
}
