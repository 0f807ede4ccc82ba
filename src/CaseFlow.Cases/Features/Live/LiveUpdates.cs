using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CaseFlow.Cases.Features.Live;

/// <summary>What changed: a task or a case, by id (a task's case too). Ids only: readers fetch what they may see.</summary>
public sealed record LiveChange(string Kind, string Id, string? CaseId)
{
    public const string Task = "task";
    public const string Case = "case";

    /// <summary>Wakes a subscriber whose stream must start over (<see cref="LiveUpdates.Reset"/>); never sent as a change.</summary>
    public static readonly LiveChange Wake = new("wake", string.Empty, null);

    /// <summary>What a saved row changes on the screens: a task, or a case (null for rows no screen follows).</summary>
    public static LiveChange? Of(object row) => row switch
    {
        Domain.CaseTask task => new LiveChange(Task, task.Id, task.CaseId),
        Domain.Case c => new LiveChange(Case, c.Id, c.Id),
        // The case page shows its timeline, notes and SLA clocks: a new line there is a change of the case.
        Domain.TimelineEntry line => new LiveChange(Case, line.CaseId, line.CaseId),
        Domain.CaseNote note => new LiveChange(Case, note.CaseId, note.CaseId),
        Domain.SlaClock { CaseId: { } caseId } => new LiveChange(Case, caseId, caseId),
        _ => null,
    };
}

/// <summary>
/// Tells the screens of this process's users that a task or a case changed, as soon as the change is saved, so an
/// inbox, a task page or a case page refreshes within a second instead of on the next reload. Each subscriber (one
/// open browser tab) has a bounded queue of its own: a slow one loses its oldest changes (and catches up by
/// refetching when it notices, see <see cref="Subscription.Dropped"/>), never the others' or the writer's time.
/// </summary>
/// <remarks>
/// Each node tells its own subscribers. Its own saves arrive through <see cref="PublishSaved"/>, which also raises
/// <see cref="Saved"/> so that, with several nodes, a relay passes them to the others (PostgreSQL's NOTIFY in the
/// server); what the relay receives from other nodes arrives through <see cref="Publish(IReadOnlyCollection{LiveChange})"/>.
/// A change carries ids only, never content: what a reader then sees is what the API's visibility rules give them.
/// </remarks>
public sealed class LiveUpdates
{
    /// <summary>Changes a subscriber may fall behind by before the oldest are dropped.</summary>
    public const int QueueLength = 256;

    private readonly ConcurrentDictionary<long, Subscription> _subscribers = new();
    private long _next;

    /// <summary>Subscribers right now (open event streams).</summary>
    public int Subscribers => _subscribers.Count;

    public Subscription Subscribe()
    {
        var subscription = new Subscription(this, Interlocked.Increment(ref _next));
        _subscribers[subscription.Key] = subscription;
        return subscription;
    }

    public void Publish(IReadOnlyCollection<LiveChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
            return;
        foreach (var subscriber in _subscribers.Values)
            foreach (var change in changes)
                subscriber.Offer(change);
    }

    public void Publish(LiveChange change) => Publish([change]);

    /// <summary>Raised with the changes of each save made on this node (after its subscribers were told).</summary>
    public event Action<IReadOnlyCollection<LiveChange>>? Saved;

    /// <summary>Tells this node's subscribers about a save made here, and whoever relays saves to other nodes.</summary>
    public void PublishSaved(IReadOnlyCollection<LiveChange> changes)
    {
        Publish(changes);
        if (changes.Count > 0)
            Saved?.Invoke(changes);
    }

    /// <summary>
    /// Changes may have been missed (the relay from other nodes was down for a while): every subscriber is told to
    /// refetch what it shows, as after its own queue overflowed.
    /// </summary>
    public void Reset()
    {
        foreach (var subscriber in _subscribers.Values)
            subscriber.Reset();
    }

    /// <summary>One subscriber's queue; dispose it when the stream ends.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly LiveUpdates _owner;
        private readonly Channel<LiveChange> _queue = Channel.CreateBounded<LiveChange>(new BoundedChannelOptions(QueueLength)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        private int _dropped;

        internal Subscription(LiveUpdates owner, long key)
        {
            _owner = owner;
            Key = key;
        }

        internal long Key { get; }

        public ChannelReader<LiveChange> Changes => _queue.Reader;

        /// <summary>True once, after the queue overflowed: the reader should refetch everything it shows.</summary>
        public bool Dropped() => Interlocked.Exchange(ref _dropped, 0) == 1;

        internal void Offer(LiveChange change)
        {
            if (_queue.Reader.Count >= QueueLength)
                Interlocked.Exchange(ref _dropped, 1);
            _queue.Writer.TryWrite(change);
        }

        internal void Reset()
        {
            Interlocked.Exchange(ref _dropped, 1);
            _queue.Writer.TryWrite(LiveChange.Wake);
        }

        public void Dispose()
        {
            _owner._subscribers.TryRemove(Key, out _);
            _queue.Writer.TryComplete();
        }
    }
}
