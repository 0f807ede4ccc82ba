using System.Collections.Concurrent;
using System.Data.Common;
using CaseFlow.Workflows.Durability;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>
/// SQLite's writer: one session per process writes (SQLite admits one writer at a time anyway; other processes wait on
/// the file lock), its statements compiled once, queued in process by a semaphore (two connections of one process
/// competing for the write lock would wait in the busy handler's sleeps: 1, 2, 5, 10… ms). Bursts that arrive while
/// a commit is being written are written together in one transaction (group commit: one WAL append, one sync), and a
/// background checkpointer keeps the WAL short (<see cref="WalCheckpointer"/>).
/// </summary>
internal sealed class SqliteGroupCommitter(Func<CancellationToken, ValueTask<StoreStatements>> statements, SqliteConnectionSetup? setup, StoredRowsCache stored, TimeProvider clock) : ICommitWriter
{
    private const int MaxGroupSize = 64;
    private const int SqliteConstraint = 19;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<PendingCommit> _pending = new();
    private SqlSession? _writer;
    private int _draining;
    private int _writingCommits;
    private long _groupTransactions;

    // 1 once disposal began: a write in flight closes the writer as it leaves; no new one starts.
    private int _disposed;

    /// <summary>The background WAL checkpointer (started with the first statements).</summary>
    public WalCheckpointer? Checkpointer { get; set; }

    /// <summary>Bursts waiting for the writer (group commit).</summary>
    public int QueuedCommits => _pending.Count;

    /// <summary>Bursts the writer has taken into the group it is writing now (0 between groups).</summary>
    public int WritingCommits => Volatile.Read(ref _writingCommits);

    /// <summary>Transactions the group writer has begun: fewer than bursts when bursts were grouped.</summary>
    public long GroupTransactions => Interlocked.Read(ref _groupTransactions);

    /// <summary>Whether a write holds the process's writer session.</summary>
    public bool WriterBusy => _writeLock.CurrentCount == 0;

    /// <summary>Whether the process's writer session is open.</summary>
    public bool HasWriter => Volatile.Read(ref _writer) is not null;

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public async Task CommitAsync(IReadOnlyList<InstanceCommit> commits, IReadOnlyList<object>?[]? rows, CancellationToken cancellationToken)
    {
        var pending = new PendingCommit(commits, rows, cancellationToken);
        _pending.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            await DrainAsync(pending);
        await pending.Done.Task;
    }

    /// <summary>
    /// Group commit: bursts that queue up while a commit is being written go to SQLite together, in one transaction
    /// (one WAL append, one sync), each under its own savepoint so that a conflict fails its own burst only. The
    /// caller that finds no drainer running drains; once its own burst is written it hands the rest of the queue to
    /// the thread pool, so no caller waits for other callers' work.
    /// </summary>
    private async Task DrainAsync(PendingCommit? mine)
    {
        do
        {
            while (!_pending.IsEmpty)
            {
                if (mine is { Done.Task.IsCompleted: true })
                {
                    _ = Task.Run(() => DrainAsync(null));
                    return;
                }

                await WriteGroupAsync();
            }

            Volatile.Write(ref _draining, 0);
        }
        while (!_pending.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0);
    }

    private async Task WriteGroupAsync()
    {
        var group = new List<PendingCommit>();
        while (group.Count < MaxGroupSize && _pending.TryDequeue(out var next))
        {
            if (next.CancellationToken.IsCancellationRequested)
                next.Done.TrySetCanceled(next.CancellationToken);
            else
                group.Add(next);
        }

        if (group.Count == 0)
            return;

        Volatile.Write(ref _writingCommits, group.Count);

        // One caller's cancellation must not abort the others' bursts written in the same transaction.
        var none = CancellationToken.None;
        var written = new StoredRows[group.Count][];
        var failures = new Exception?[group.Count];
        try
        {
            await WriteAsync(async (session, sql) =>
            {
                var now = clock.GetUtcNow();
                Interlocked.Increment(ref _groupTransactions);
                await Run(session, sql.Begin);
                try
                {
                    var savepoints = group.Count > 1;
                    for (var g = 0; g < group.Count; g++)
                    {
                        var commits = group[g].Commits;
                        var extra = group[g].Rows;
                        if (savepoints)
                            await Run(session, sql.Savepoint);
                        try
                        {
                            var rows = new StoredRows[commits.Count];
                            for (var i = 0; i < commits.Count; i++)
                                rows[i] = await InstanceWriter.WriteAsync(session, null, sql, commits[i], stored.For(commits[i]), extra?[i], now, none, lookForParked: true);
                            written[g] = rows;
                        }
                        catch (Exception ex) when (savepoints && IsBurstFailure(ex))
                        {
                            await Run(session, sql.RollbackToSavepoint);
                            failures[g] = await InstanceWriter.ExplainAsync(session, null, sql, commits, ex);
                        }
                        catch (Exception ex) when (IsBurstFailure(ex))
                        {
                            // A group of one: the transaction is that burst alone.
                            await Run(session, sql.Rollback);
                            failures[g] = await InstanceWriter.ExplainAsync(session, null, sql, commits, ex);
                            return true;
                        }

                        if (savepoints)
                            await Run(session, sql.ReleaseSavepoint);
                    }

                    await Run(session, sql.Commit);
                }
                catch (Exception ex) when (ex is not DbException)
                {
                    // A DbException closes the writer, which rolls back; anything else leaves it open and in the transaction.
                    await Run(session, sql.Rollback);
                    throw;
                }

                return true;
            }, none);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _writingCommits, 0);
            // The transaction as a whole failed (I/O, a lock held too long by another process): no burst was written.
            foreach (var pending in group)
            {
                stored.Forget(pending.Commits);
                pending.Done.TrySetException(ex);
            }

            return;
        }

        Volatile.Write(ref _writingCommits, 0);
        Checkpointer?.Committed(group.Count);
        for (var g = 0; g < group.Count; g++)
        {
            var pending = group[g];
            if (failures[g] is { } failure)
            {
                stored.Forget(pending.Commits);
                pending.Done.TrySetException(failure);
                continue;
            }

            for (var i = 0; i < pending.Commits.Count; i++)
                stored.Remember(pending.Commits[i].InstanceId, written[g][i]);
            pending.Done.TrySetResult();
        }
    }

    // A conflict of one burst (a stale revision, a start redelivered under an existing id): the others go on.
    private static bool IsBurstFailure(Exception ex) =>
        ex is WorkflowConcurrencyException || ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteConstraint };

    private sealed class PendingCommit(IReadOnlyList<InstanceCommit> commits, IReadOnlyList<object>?[]? rows, CancellationToken cancellationToken)
    {
        public IReadOnlyList<InstanceCommit> Commits { get; } = commits;

        public IReadOnlyList<object>?[]? Rows { get; } = rows;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static ValueTask<int> Run(SqlSession session, Statement statement) => session.ExecuteAsync(statement, null, CancellationToken.None);

    /// <summary>Runs a write on the process's one writer session, one at a time.</summary>
    public async Task WriteAsync(Func<SqlSession, StoreStatements, Task<bool>> work, CancellationToken cancellationToken)
    {
        var sql = await statements(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            _writer ??= await SqlSession.OpenAsync(sql, setup, cancellationToken);
            try
            {
                await work(_writer, sql);
            }
            catch (DbException)
            {
                // The connection may be unusable (an I/O error): the next write starts on a fresh one.
                CloseWriter();
                throw;
            }
        }
        finally
        {
            // Disposed while this write ran (a synchronous Dispose does not wait for it): the writer closes with it.
            if (IsDisposed)
                CloseWriter();
            _writeLock.Release();
        }
    }

    /// <summary>Closes the writer; a write in flight finishes first (and closes it as it leaves).</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        if (Checkpointer is { } checkpointer)
            await checkpointer.DisposeAsync();
        await _writeLock.WaitAsync();
        try
        {
            CloseWriter();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, without waiting for a write in flight (it closes the writer when it ends).</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        Checkpointer?.Dispose();
        if (!_writeLock.Wait(0))
            return;
        try
        {
            CloseWriter();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Under the write lock.
    private void CloseWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
