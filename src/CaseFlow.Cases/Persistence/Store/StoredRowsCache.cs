using System.Collections.Concurrent;
using CaseFlow.Workflows.Durability;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>
/// What an instance's bookmark and incident rows hold at a revision (derived from the snapshot a find read or a commit
/// wrote): a commit diffs against it instead of deleting and re-inserting every row. The revision check of the
/// commit's UPDATE guarantees the stored rows belong to that revision; an entry at another revision is ignored and
/// the rows are read instead. Bounded: past <see cref="MaxEntries"/> it starts over.
/// </summary>
internal sealed class StoredRowsCache
{
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, StoredRows> _stored = new(StringComparer.Ordinal);

    // How many entries _stored holds, about: ConcurrentDictionary.Count takes every bucket lock, too dear for each find
    // and commit. It only bounds the cache, so a drift from a racing Clear is harmless.
    private int _count;

    public void Remember(string instanceId, StoredRows rows)
    {
        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            Interlocked.Exchange(ref _count, 0);
            _stored.Clear();
        }

        if (_stored.TryAdd(instanceId, rows))
            Interlocked.Increment(ref _count);
        else
            _stored[instanceId] = rows;
    }

    /// <summary>The commits did not happen (or may not have): their instances' rows are read next time.</summary>
    public void Forget(IReadOnlyList<InstanceCommit> commits)
    {
        foreach (var commit in commits)
        {
            if (_stored.TryRemove(commit.InstanceId, out _))
                Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>The rows at the revision the commit expects, when known.</summary>
    public StoredRows? For(InstanceCommit commit) =>
        commit.ExpectedRevision is { } expected && _stored.TryGetValue(commit.InstanceId, out var rows) && rows.Revision == expected ? rows : null;
}
