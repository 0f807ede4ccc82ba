using System.Collections.Concurrent;

namespace CaseFlow.Workflows.Expressions;

/// <summary>
/// Compiled expressions (parsed scripts, templates) keyed by their source and shared by every run. Definitions hold
/// a bounded set of sources, so the cache is simply emptied when full rather than tracking recency; very long
/// sources are compiled but not kept.
/// </summary>
internal sealed class CompiledSourceCache<T>(Func<string, T> compile, int maxEntries = 10_000, int maxCachedLength = 100_000)
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);

    public T Get(string source)
    {
        if (_entries.TryGetValue(source, out var cached))
            return cached;

        var compiled = compile(source);
        if (source.Length <= maxCachedLength)
        {
            if (_entries.Count >= maxEntries)
                _entries.Clear();
            _entries.TryAdd(source, compiled);
        }

        return compiled;
    }
}
