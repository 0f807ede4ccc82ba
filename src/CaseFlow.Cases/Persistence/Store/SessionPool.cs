using System.Collections.Concurrent;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>
/// Open sessions (a connection with its compiled statements) lent out one call at a time: reads run in parallel (in
/// WAL mode they never block SQLite's writer), and on PostgreSQL commits too. Disposed, it closes what rests in it,
/// and a session lent out is closed instead of returned.
/// </summary>
internal sealed class SessionPool(Func<CancellationToken, ValueTask<StoreStatements>> statements, Func<SqliteConnectionSetup?> setup) : IDisposable
{
    private readonly ConcurrentBag<SqlSession> _sessions = [];

    // 1 once disposal began: from then on no session goes back to the pool and no new one is opened (set with a full fence).
    private int _disposed;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Sessions resting in the pool.</summary>
    public int Count => _sessions.Count;

    /// <summary>Test hook: runs after a call's work, before its session goes back to the pool.</summary>
    public Func<Task>? SessionReturning { get; set; }

    public async Task<T> WithSessionAsync<T>(Func<SqlSession, StoreStatements, Task<T>> work, CancellationToken cancellationToken)
    {
        var sql = await statements(cancellationToken);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var session = _sessions.TryTake(out var pooled) ? pooled : await SqlSession.OpenAsync(sql, setup(), cancellationToken);
        T result;
        try
        {
            result = await work(session, sql);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        if (SessionReturning is { } hook)
            await hook();
        _sessions.Add(session);
        // Added first, checked second (the disposer sets the flag first and empties the pool second, both fenced):
        // either the disposer finds this session in the pool or this call sees the flag, never neither.
        Interlocked.MemoryBarrier();
        if (IsDisposed)
            Close();
        return result;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        Close();
    }

    private void Close()
    {
        while (_sessions.TryTake(out var session))
            session.Dispose();
    }
}
