namespace CaseFlow.Workflows.Durability;

/// <summary>
/// Remembers the items of a batch (a timer, an outbox message) whose handling threw, and when each may be tried
/// again: <see cref="FirstDelay"/> after the first failure, doubling up to <see cref="MaxDelay"/>. A sweep skips an
/// item until then and asks its store for that many more rows, so items that keep failing cost one attempt and one
/// log line per back-off period and never fill the head of an earliest-first batch (starving the rest). The memory
/// is per process: after a restart every item is tried once more.
/// </summary>
public sealed class FailureBackoff
{
    /// <summary>At most this many items are remembered; beyond it the memory starts afresh.</summary>
    public const int MaxItems = 10_000;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset RetryAt)> _items = new(StringComparer.Ordinal);

    /// <summary>How many items are remembered (waiting or not): how many more rows a sweep reads to page past them.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _items.Count;
        }
    }

    /// <summary>True while <paramref name="key"/> failed and its back-off has not run out.</summary>
    public bool IsWaiting(string key, DateTimeOffset now)
    {
        lock (_lock)
            return _items.TryGetValue(key, out var item) && item.RetryAt > now;
    }

    /// <summary>Records a failure of <paramref name="key"/>; returns when it may be tried again.</summary>
    public DateTimeOffset Failed(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            var failures = (_items.TryGetValue(key, out var item) ? item.Failures : 0) + 1;
            if (failures == 1 && _items.Count >= MaxItems)
                _items.Clear();
            var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(failures - 1, 16)));
            _items[key] = (failures, now + delay);
            return now + delay;
        }
    }

    /// <summary>Forgets <paramref name="key"/> (it was handled).</summary>
    public void Succeeded(string key)
    {
        lock (_lock)
            _items.Remove(key);
    }

    /// <summary>How many rows to read so that <paramref name="batch"/> rows remain after skipping the remembered ones.</summary>
    public int PageSize(int batch) => (int)Math.Min((long)batch + Count, int.MaxValue);
}
