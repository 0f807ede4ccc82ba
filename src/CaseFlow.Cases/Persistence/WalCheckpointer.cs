using System.Data.Common;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// Runs SQLite's WAL checkpoints on a connection of their own, beside the writer, instead of inside a commit.
/// </summary>
/// <remarks>
/// A checkpoint copies the WAL's pages into the database file and syncs both: measured here a few ms to 25 ms, paid
/// by whichever commit crossed <c>wal_autocheckpoint</c>. That was half of all the time the instance store's
/// <c>COMMIT</c> statements took with <c>synchronous=NORMAL</c>, and the p99.9 of a commit. A <c>PASSIVE</c>
/// checkpoint neither waits for nor blocks the writer or readers, so it runs here after every
/// <see cref="CommitsPerCheckpoint"/> commits, one at a time. Nothing about durability changes: a commit is as durable
/// as before the moment it returns (WAL appended, and synced under <c>FULL</c>), and the checkpoint is the same
/// checkpoint, on another thread. <see cref="SqliteConnectionSetup"/> keeps SQLite's own automatic checkpoint as a
/// backstop at a larger size (should this one fall behind or fail, commits checkpoint as they used to).
/// </remarks>
internal sealed class WalCheckpointer(StoreStatements sql, SqliteConnectionSetup? setup) : IAsyncDisposable, IDisposable
{
    /// <summary>Commits between two checkpoints (about 8 WAL pages each: a checkpoint per 1,000–2,000 pages).</summary>
    public const int CommitsPerCheckpoint = 200;

    private readonly Lock _gate = new();
    private SqlSession? _session;
    private Task _running = Task.CompletedTask;
    private int _commits;
    private bool _disposed;
    private long _checkpoints;
    private long _failures;

    /// <summary>Checkpoints run so far.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Checkpoints that failed (another process held the checkpoint lock, or the file is unwell; the backstop checkpoints instead).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Counts <paramref name="commits"/> written; starts a checkpoint when enough have been and none is running.</summary>
    public void Committed(int commits = 1)
    {
        if (Interlocked.Add(ref _commits, commits) < CommitsPerCheckpoint)
            return;
        lock (_gate)
        {
            if (_disposed || !_running.IsCompleted || Volatile.Read(ref _commits) < CommitsPerCheckpoint)
                return;
            Volatile.Write(ref _commits, 0);
            _running = Task.Run(CheckpointAsync);
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            _session ??= await SqlSession.OpenAsync(sql, setup, CancellationToken.None);
            await using var command = _session.Connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await command.ExecuteNonQueryAsync();
            Interlocked.Increment(ref _checkpoints);
        }
        catch (DbException)
        {
            // Another process's checkpoint holds the lock, or the file is unwell: the next one (or the backstop) catches up.
            Interlocked.Increment(ref _failures);
            CloseSession();
        }
        finally
        {
            // Disposed while this ran (a synchronous Dispose does not wait): the session closes here.
            lock (_gate)
            {
                if (_disposed)
                    CloseSession();
            }
        }
    }

    private void CloseSession()
    {
        _session?.Dispose();
        _session = null;
    }

    /// <summary>Waits for a checkpoint in flight, then closes the session.</summary>
    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            _disposed = true;
            running = _running;
        }

        await running;
        lock (_gate)
            CloseSession();
    }

    /// <summary>As <see cref="DisposeAsync"/>, without waiting: a checkpoint in flight closes the session when it ends.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_running.IsCompleted)
                CloseSession();
        }
    }
}
