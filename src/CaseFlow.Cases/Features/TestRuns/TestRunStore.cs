using CaseFlow.Cases.Features.Common;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// Every test run of the server, in memory and nowhere else (a restart forgets them). Bounded: a user keeps
/// <see cref="TestRunOptions.MaxRunsPerUser"/> runs (a new one evicts their oldest), the server
/// <see cref="TestRunOptions.MaxRuns"/> (a new one evicts the one left unused longest), and a run unused for
/// <see cref="TestRunOptions.IdleTimeout"/> is gone.
/// </summary>
public sealed class TestRunStore(IOptions<TestRunOptions> options, TimeProvider clock)
{
    private readonly Dictionary<string, TestRun> _runs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Runs kept now (expired ones included until the next look).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _runs.Count;
        }
    }

    internal void Add(TestRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = options.Value;
        lock (_lock)
        {
            RemoveExpired();
            var theirs = _runs.Values.Where(r => string.Equals(r.Owner, run.Owner, StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.StartedAt).ToList();
            for (var i = 0; i <= theirs.Count - Math.Max(1, settings.MaxRunsPerUser); i++)
                Remove(theirs[i]);
            while (_runs.Count >= Math.Max(1, settings.MaxRuns))
                Remove(_runs.Values.MinBy(r => r.LastUsedAt)!);
            _runs[run.Id] = run;
        }
    }

    /// <summary>The run, if it exists, has not expired and <paramref name="actor"/> may see it (its owner, an admin).</summary>
    /// <exception cref="NotFoundException">Otherwise: someone else's run is not found either.</exception>
    public TestRun Find(string id, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        lock (_lock)
        {
            RemoveExpired();
            return _runs.GetValueOrDefault(id) is { } run && run.IsVisibleTo(actor) ? run : throw TestRun.Gone(id);
        }
    }

    /// <exception cref="NotFoundException">No such run for <paramref name="actor"/>.</exception>
    public void Delete(string id, Actor actor)
    {
        var run = Find(id, actor);
        lock (_lock)
            Remove(run);
    }

    private void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var run in _runs.Values.Where(r => r.ExpiresAt <= now).ToList())
            Remove(run);
    }

    private void Remove(TestRun run)
    {
        run.Removed = true;
        _runs.Remove(run.Id);
    }
}
