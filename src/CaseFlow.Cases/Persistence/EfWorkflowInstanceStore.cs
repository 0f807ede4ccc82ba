using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// <see cref="IWorkflowInstanceStore"/> over CaseFlow's EF Core database, a thread-safe singleton.
/// <see cref="CommitAsync"/> writes all instances of a burst in one transaction with a revision check per instance
/// (<c>UPDATE … WHERE Id = @id AND Revision = @expected</c>, 0 rows → conflict; inserting an existing id → conflict);
/// the bookmark and incident rows of an instance are brought to the snapshot's (only changed rows are written); the
/// burst's journal and lines (one row) and its outbox rows are appended; a consumed stimulus is marked in the same transaction.
/// </summary>
/// <remarks>
/// The per-burst path (find, commit, bookmark and queue lookups) runs as plain ADO.NET over statements generated
/// from the EF model (<see cref="StoreStatements"/>), on sessions that keep their compiled statements: on SQLite one
/// writer session per process (SQLite admits one writer at a time anyway; other processes wait on the file lock)
/// and a pool of reader sessions. Everything else uses EF queries on short-lived contexts.
/// </remarks>
public sealed class EfWorkflowInstanceStore(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider? clock = null) : IWorkflowInstanceStore, IAsyncDisposable, IDisposable
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentBag<SqlSession> _sessions = [];

    // SQLite has one writer at a time anyway: one session per process writes, with its commands compiled once.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqlSession? _writer;
    private StoreStatements? _statements;
    private SqliteConnectionSetup? _setup;
    private WalCheckpointer? _checkpointer;

    // 1 once disposal began: from then on no session goes back to the pool and no new one is opened (set with a full fence).
    private int _disposed;

    // What an instance's bookmark and incident rows hold at a revision (derived from the snapshot FindAsync read or a
    // commit wrote): a commit diffs against it instead of deleting and re-inserting every row. The revision check of the
    // commit's UPDATE guarantees the stored rows belong to that revision; an entry at another revision is ignored and
    // the rows are read instead.
    private readonly ConcurrentDictionary<string, StoredRows> _stored = new(StringComparer.Ordinal);
    private const int MaxStoredRows = 100_000;

    // How many entries _stored holds, about: ConcurrentDictionary.Count takes every bucket lock, too dear for each find
    // and commit. It only bounds the cache, so a drift from a racing Clear is harmless.
    private int _storedCount;

    private readonly ConcurrentQueue<PendingCommit> _pending = new();
    private int _draining;
    private const int MaxGroupSize = 64;
    private const int SqliteConstraint = 19;
    private long _groupTransactions;

    /// <summary>Bursts waiting for the writer (group commit).</summary>
    internal int QueuedCommits => _pending.Count;

    /// <summary>Bursts the writer has taken into the group it is writing now (0 between groups).</summary>
    internal int WritingCommits => Volatile.Read(ref _writingCommits);

    private int _writingCommits;

    /// <summary>Transactions the group writer has begun: fewer than bursts when bursts were grouped.</summary>
    internal long GroupTransactions => Interlocked.Read(ref _groupTransactions);

    public Task<StoredInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) =>
        WithSessionAsync(async (session, sql) =>
        {
            var rows = await session.QueryAsync(sql.FindInstance, null, ReadInstance, cancellationToken, instanceId);
            if (rows.Count == 0)
                return null;
            var found = rows[0];
            Remember(instanceId, StoredRows.Of(found.Snapshot.State, found.Revision));
            return found;
        }, cancellationToken);

    // Columns of StoreStatements.FindInstance. On SQLite the snapshot is read from the row's UTF-8 bytes, no string made of it.
    private static StoredInstance ReadInstance(RowReader row) => new(
        row.TryGetUtf8(0, out var utf8) ? WorkflowSnapshotSerializer.Deserialize(utf8) : WorkflowSnapshotSerializer.Deserialize(row.GetString(0)),
        row.GetInt64(1));

    private void Remember(string instanceId, StoredRows rows)
    {
        if (Volatile.Read(ref _storedCount) >= MaxStoredRows)
        {
            Interlocked.Exchange(ref _storedCount, 0);
            _stored.Clear();
        }

        if (_stored.TryAdd(instanceId, rows))
            Interlocked.Increment(ref _storedCount);
        else
            _stored[instanceId] = rows;
    }

    public async Task CommitAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commits);
        if (commits.Count == 0)
            return;
        var sql = await StatementsAsync(cancellationToken);
        if (!sql.IsSqlite)
        {
            // Row-locking databases commit in parallel and group their log flushes themselves.
            await WithSessionAsync((session, statements) => CommitOnAsync(session, statements, commits, cancellationToken), cancellationToken);
            return;
        }

        var pending = new PendingCommit(commits, cancellationToken);
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
            await WithWriterAsync(async (session, sql) =>
            {
                var now = _clock.GetUtcNow();
                Interlocked.Increment(ref _groupTransactions);
                await Run(session, sql.Begin);
                try
                {
                    var savepoints = group.Count > 1;
                    for (var g = 0; g < group.Count; g++)
                    {
                        var commits = group[g].Commits;
                        if (savepoints)
                            await Run(session, sql.Savepoint);
                        try
                        {
                            var rows = new StoredRows[commits.Count];
                            for (var i = 0; i < commits.Count; i++)
                                rows[i] = await WriteAsync(session, null, sql, commits[i], StoredFor(commits[i]), now, none, lookForParked: true);
                            written[g] = rows;
                        }
                        catch (Exception ex) when (savepoints && IsBurstFailure(ex))
                        {
                            await Run(session, sql.RollbackToSavepoint);
                            failures[g] = await ExplainAsync(session, null, sql, commits, ex);
                        }
                        catch (Exception ex) when (IsBurstFailure(ex))
                        {
                            // A group of one: the transaction is that burst alone.
                            await Run(session, sql.Rollback);
                            failures[g] = await ExplainAsync(session, null, sql, commits, ex);
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
                Forget(pending.Commits);
                pending.Done.TrySetException(ex);
            }

            return;
        }

        Volatile.Write(ref _writingCommits, 0);
        _checkpointer?.Committed(group.Count);
        for (var g = 0; g < group.Count; g++)
        {
            var pending = group[g];
            if (failures[g] is { } failure)
            {
                Forget(pending.Commits);
                pending.Done.TrySetException(failure);
                continue;
            }

            for (var i = 0; i < pending.Commits.Count; i++)
                Remember(pending.Commits[i].InstanceId, written[g][i]);
            pending.Done.TrySetResult();
        }
    }

    // A conflict of one burst (a stale revision, a start redelivered under an existing id): the others go on.
    private static bool IsBurstFailure(Exception ex) =>
        ex is WorkflowConcurrencyException || ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteConstraint };

    private static async Task<Exception> ExplainAsync(SqlSession session, DbTransaction? transaction, StoreStatements sql, IReadOnlyList<InstanceCommit> commits, Exception ex)
    {
        if (ex is WorkflowConcurrencyException)
            return ex;

        // An insert lost to another writer's insert of the same id (a redelivered start).
        foreach (var commit in commits.Where(c => c.ExpectedRevision is null))
        {
            await using var reader = await session.Get(sql.FindInstance, transaction, commit.InstanceId).ExecuteReaderAsync();
            if (await reader.ReadAsync())
                return new WorkflowConcurrencyException($"Instance {commit.InstanceId} was changed by someone else (expected revision none)", ex);
        }

        return ex;
    }

    private void Forget(IReadOnlyList<InstanceCommit> commits)
    {
        foreach (var commit in commits)
        {
            if (_stored.TryRemove(commit.InstanceId, out _))
                Interlocked.Decrement(ref _storedCount);
        }
    }

    private sealed class PendingCommit(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken)
    {
        public IReadOnlyList<InstanceCommit> Commits { get; } = commits;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<bool> CommitOnAsync(SqlSession session, StoreStatements sql, IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        try
        {
            var written = new StoredRows[commits.Count];
            try
            {
                await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken);
                for (var i = 0; i < commits.Count; i++)
                    written[i] = await WriteAsync(session, transaction, sql, commits[i], StoredFor(commits[i]), now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                Forget(commits);
                throw;
            }

            for (var i = 0; i < commits.Count; i++)
                Remember(commits[i].InstanceId, written[i]);
            return true;
        }
        catch (DbException ex) when (commits.Any(c => c.ExpectedRevision is null))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(await ExplainAsync(session, null, sql, commits, ex));
            throw;
        }
    }

    private StoredRows? StoredFor(InstanceCommit commit) =>
        commit.ExpectedRevision is { } expected && _stored.TryGetValue(commit.InstanceId, out var rows) && rows.Revision == expected ? rows : null;

    private static ValueTask<int> Run(SqlSession session, Statement statement) => session.ExecuteAsync(statement, null, CancellationToken.None);

    // lookForParked: whether to fill InstanceCommit.ParkedStimuli in this transaction. Only where write transactions
    // are serialized with every other write, across processes too (SQLite's file lock), so that a stimulus parked by a
    // concurrent publisher is either seen here or sees this commit's bookmarks (see PublishEventAsync). Row-locking
    // databases read committed data beside concurrent writers: there the runtime looks after the commit.
    private static async Task<StoredRows> WriteAsync(SqlSession session, DbTransaction? transaction, StoreStatements sql, InstanceCommit commit, StoredRows? previous, DateTimeOffset now, CancellationToken cancellationToken, bool lookForParked = false)
    {
        commit.ParkedStimuli = null;
        var state = commit.Snapshot.State;
        var id = commit.InstanceId;
        // Written as UTF-8 into the session's buffer and bound from there (see Utf8Text).
        var snapshot = session.SnapshotText;
        WorkflowSnapshotSerializer.Serialize(commit.Snapshot, snapshot.Start());
        long revision;
        if (commit.ExpectedRevision is not { } expected)
        {
            revision = 1;
            var values = sql.InsertInstance.ValuesOf(new WorkflowInstanceRow
            {
                Id = id,
                DefinitionId = state.DefinitionId,
                DefinitionVersionId = state.DefinitionVersionId,
                Version = state.DefinitionVersion,
                Status = state.Status,
                SubStatus = state.SubStatus,
                CorrelationId = state.CorrelationId,
                Name = state.Name,
                ParentInstanceId = state.ParentWorkflowInstanceId,
                IncidentCount = state.IncidentCount,
                CreatedAt = state.CreatedAt,
                UpdatedAt = state.UpdatedAt,
                FinishedAt = state.FinishedAt,
                Snapshot = string.Empty, // bound from the buffer
                Revision = revision,
            });
            values[sql.InsertInstanceSnapshot] = snapshot;
            await session.ExecuteAsync(sql.InsertInstance, transaction, cancellationToken, values);
        }
        else
        {
            revision = expected + 1;
            // An indexed column left out of the SET list leaves its index untouched (SQLite skips it): set the status
            // and the correlation id only when they changed, as far as the rows of the expected revision tell.
            var statusChanged = previous?.Status != state.Status;
            var correlationChanged = previous is null || !string.Equals(previous.CorrelationId, state.CorrelationId, StringComparison.Ordinal);
            var update = sql.UpdateInstance[(statusChanged ? 1 : 0) | (correlationChanged ? 2 : 0)];
            var values = StoreStatements.UpdateValues(statusChanged, correlationChanged, state.Status, state.SubStatus, state.CorrelationId, state.Name, state.IncidentCount, state.UpdatedAt, state.FinishedAt, snapshot, revision, id, expected);
            if (await session.ExecuteAsync(update, transaction, cancellationToken, values) == 0)
                throw new WorkflowConcurrencyException($"Instance {id} was changed by someone else (expected revision {expected.ToString(CultureInfo.InvariantCulture)})");
            previous ??= await ReadStoredAsync(session, transaction, sql, id, cancellationToken);
        }

        var current = StoredRows.Of(state, revision);

        if (commit.ConsumedStimulusId is { } consumed
            && await session.ExecuteAsync(sql.ConsumeStimulus, transaction, cancellationToken, now, consumed) == 0
            && await session.Get(sql.StimulusExists, transaction, consumed).ExecuteScalarAsync(cancellationToken) is not null)
        {
            throw new WorkflowConcurrencyException($"Stimulus {consumed} was consumed by someone else");
        }

        // A finished instance waits for nothing: its bookmarks are gone from every lookup. Rows of bookmarks that are
        // still there stay (a bookmark never changes under its id; the correlation id copied into the rows is compared).
        var keepBookmarks = previous is not null && string.Equals(previous.CorrelationId, current.CorrelationId, StringComparison.Ordinal);
        if (previous is not null)
        {
            if (!keepBookmarks)
            {
                if (previous.BookmarkIds.Count > 0)
                    await session.ExecuteAsync(sql.DeleteBookmarks, transaction, cancellationToken, id);
            }
            else
            {
                foreach (var removed in previous.BookmarkIds)
                {
                    if (!current.BookmarkIds.Contains(removed))
                        await session.ExecuteAsync(sql.DeleteBookmark, transaction, cancellationToken, id, removed);
                }
            }
        }

        if (state.Status == WorkflowStatus.Running)
        {
            foreach (var bookmark in state.Bookmarks)
            {
                if (keepBookmarks && previous!.BookmarkIds.Contains(bookmark.Id))
                    continue;
                await InsertAsync(session, transaction, sql.InsertBookmark, new BookmarkRow
                {
                    Id = bookmark.Id,
                    InstanceId = id,
                    Name = bookmark.Name,
                    Hash = bookmark.Hash,
                    CorrelationId = state.CorrelationId,
                    Payload = PersistenceJson.Write(bookmark.Payload),
                    ActivityId = bookmark.ActivityId,
                    ActivityNodeId = bookmark.ActivityNodeId,
                    ActivityInstanceId = bookmark.ActivityInstanceId,
                    AutoBurn = bookmark.AutoBurn,
                    CallbackMethodName = bookmark.CallbackMethodName,
                    Metadata = PersistenceJson.WriteOrNull(bookmark.Metadata),
                    DueAt = bookmark.DueAt,
                    CreatedAt = bookmark.CreatedAt,
                }, cancellationToken);
            }
        }

        // Incidents never change under their id: only a changed set is rewritten.
        var rewriteIncidents = previous is null || !previous.IncidentIds.SetEquals(current.IncidentIds);
        if (previous is { IncidentIds.Count: > 0 } && rewriteIncidents)
            await session.ExecuteAsync(sql.DeleteIncidents, transaction, cancellationToken, id);
        foreach (var incident in rewriteIncidents ? state.Incidents : [])
        {
            await InsertAsync(session, transaction, sql.InsertIncident, new IncidentRow
            {
                Id = incident.Id,
                InstanceId = id,
                ActivityId = incident.ActivityId,
                ActivityNodeId = incident.ActivityNodeId,
                ActivityInstanceId = incident.ActivityInstanceId,
                ActivityType = incident.ActivityType,
                Message = incident.Message,
                Exception = PersistenceJson.WriteOrNull(incident.Exception),
                Timestamp = incident.Timestamp,
            }, cancellationToken);
        }

        if (commit.Journal.Count > 0)
        {
            var records = commit.Journal.Count == 1 || IsOrdered(commit.Journal) ? commit.Journal : [.. commit.Journal.OrderBy(r => r.Sequence)];
            var values = sql.InsertJournal.ValuesOf(new JournalBurstRow
            {
                InstanceId = id,
                FirstSequence = records[0].Sequence,
                LastSequence = records[^1].Sequence,
                RecordCount = records.Count,
                Records = string.Empty, // bound from the buffer, as the snapshot is
                Revision = revision,
                Lines = commit.Lines.Count > 0 ? PersistenceJson.Write(commit.Lines) : null,
            });
            JournalJson.Write(records, state, session.JournalText.Start());
            values[sql.InsertJournalRecords] = session.JournalText;
            await session.ExecuteAsync(sql.InsertJournal, transaction, cancellationToken, values);
        }
        else if (commit.Lines.Count > 0)
        {
            // No journal row to carry them (the journal is switched off).
            await InsertAsync(session, transaction, sql.InsertLine, new WrittenLineRow { InstanceId = id, Revision = revision, Lines = PersistenceJson.Write(commit.Lines), CreatedAt = now }, cancellationToken);
        }

        foreach (var message in commit.Outbox)
        {
            await InsertAsync(session, transaction, sql.InsertOutbox, new OutboxMessageRow
            {
                Id = message.Id,
                Kind = message.Kind,
                InstanceId = message.InstanceId,
                Payload = PersistenceJson.Write(message.Payload),
                CreatedAt = message.CreatedAt,
                Sequence = message.Sequence,
            }, cancellationToken);
        }

        if (lookForParked && commit.AwaitingBookmarks.Count > 0)
        {
            var parked = new IReadOnlyList<QueuedStimulus>[commit.AwaitingBookmarks.Count];
            for (var i = 0; i < parked.Length; i++)
                parked[i] = await FindQueuedAsync(session, transaction, sql, commit.AwaitingBookmarks[i].Name, commit.AwaitingBookmarks[i].Hash, now, cancellationToken);
            commit.ParkedStimuli = parked;
        }

        return current;
    }

    private static async Task<StoredRows> ReadStoredAsync(SqlSession session, DbTransaction? transaction, StoreStatements sql, string id, CancellationToken cancellationToken)
    {
        var bookmarks = new HashSet<string>(StringComparer.Ordinal);
        string? correlationId = null;
        await using (var reader = await session.Get(sql.FindBookmarkIds, transaction, id).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                bookmarks.Add(reader.GetString(0));
                correlationId = StoreStatements.ReadNullableString(reader, 1);
            }
        }

        var incidents = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await session.Get(sql.FindIncidentIds, transaction, id).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                incidents.Add(reader.GetString(0));
        }

        return new StoredRows(-1, correlationId, bookmarks, incidents);
    }

    /// <summary>The ids of an instance's bookmark and incident rows at a revision, and the correlation id its bookmark rows carry.</summary>
    /// <remarks><see cref="Status"/> is the instance row's at that revision; null when unknown (rows read back, not remembered).</remarks>
    private sealed record StoredRows(long Revision, string? CorrelationId, HashSet<string> BookmarkIds, HashSet<string> IncidentIds, WorkflowStatus? Status = null)
    {
        public static StoredRows Of(WorkflowState state, long revision) => new(
            revision,
            state.CorrelationId,
            state.Status == WorkflowStatus.Running ? state.Bookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
            state.Incidents.Select(i => i.Id).ToHashSet(StringComparer.Ordinal),
            state.Status);
    }

    private static ValueTask<int> InsertAsync(SqlSession session, DbTransaction? transaction, Statement statement, object row, CancellationToken cancellationToken) =>
        session.InsertAsync(statement, transaction, row, cancellationToken);

    public Task<IReadOnlyList<StoredBookmark>> FindBookmarksAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default) =>
        WithSessionAsync<IReadOnlyList<StoredBookmark>>(async (session, sql) =>
        {
            var rows = correlationId is null
                ? await session.QueryAsync(sql.FindBookmarks, null, ReadBookmark, cancellationToken, name, hash)
                : await session.QueryAsync(sql.FindBookmarksCorrelated, null, ReadBookmark, cancellationToken, name, hash, correlationId);
            var result = new List<StoredBookmark>(rows.Count);
            foreach (var row in rows)
                result.Add(ToStored(row));
            return result;
        }, cancellationToken);

    // Columns in StoreStatements.BookmarkColumns order; times as the model stores them.
    private BookmarkRow ReadBookmark(RowReader reader) => new()
    {
        Id = reader.GetString(0),
        InstanceId = reader.GetString(1),
        Name = reader.GetString(2),
        Hash = reader.GetString(3),
        CorrelationId = reader.GetNullableString(4),
        Payload = reader.GetString(5),
        ActivityId = reader.GetString(6),
        ActivityNodeId = reader.GetString(7),
        ActivityInstanceId = reader.GetString(8),
        AutoBurn = reader.GetBoolean(9),
        CallbackMethodName = reader.GetNullableString(10),
        Metadata = reader.GetNullableString(11),
        DueAt = _statements!.ReadNullableTime(reader, 12),
        CreatedAt = _statements!.ReadTime(reader, 13),
    };

    public async Task<IReadOnlyList<StoredBookmark>> FindTimersAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Bookmarks.AsNoTracking()
            .Where(b => b.DueAt != null && b.DueAt <= upTo)
            .OrderBy(b => b.DueAt).ThenBy(b => b.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(ToStored);
    }

    public Task EnqueueStimulusAsync(QueuedStimulus stimulus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        return WithWriterAsync(async (session, sql) =>
        {
            // Enqueueing an id again replaces the parked stimulus (and makes it consumable again), as the in-memory store does.
            await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken);
            await session.Get(sql.DeleteStimulus, transaction, stimulus.Id).ExecuteNonQueryAsync(cancellationToken);
            var insert = session.Get(sql.InsertStimulus, transaction);
            sql.InsertStimulus.Bind(insert, new QueuedStimulusRow
            {
                Id = stimulus.Id,
                Name = stimulus.Name,
                Hash = stimulus.Hash,
                CorrelationId = stimulus.CorrelationId,
                Input = PersistenceJson.WriteOrNull(stimulus.Input),
                CreatedAt = stimulus.CreatedAt,
                ExpiresAt = stimulus.ExpiresAt,
            });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<QueuedStimulus>> FindQueuedStimuliAsync(string name, string hash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WithSessionAsync((session, sql) => FindQueuedAsync(session, null, sql, name, hash, now, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<QueuedStimulus>> FindQueuedAsync(SqlSession session, DbTransaction? transaction, StoreStatements sql, string name, string hash, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.QueryAsync(sql.FindQueued, transaction, sql.ReadQueued, cancellationToken, name, hash, now);

    public async Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(int max, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(o => o.DispatchedAt == null)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.InstanceId).ThenBy(o => o.Sequence).ThenBy(o => o.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(ToMessage);
    }

    public Task<(OutboxMessage Message, bool Dispatched)?> FindOutboxMessageAsync(string outboxMessageId, CancellationToken cancellationToken = default) =>
        WithSessionAsync<(OutboxMessage, bool)?>(async (session, sql) =>
        {
            await using var reader = await session.Get(sql.FindOutboxMessage, null, outboxMessageId).ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            return (ReadMessage(reader, sql), !reader.IsDBNull(5));
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(string instanceId, long upToSequence, CancellationToken cancellationToken = default) =>
        WithSessionAsync<IReadOnlyList<OutboxMessage>>(async (session, sql) =>
        {
            await using var reader = await session.Get(sql.ListInstanceOutbox, null, instanceId, upToSequence).ExecuteReaderAsync(cancellationToken);
            var result = new List<OutboxMessage>();
            while (await reader.ReadAsync(cancellationToken))
                result.Add(ReadMessage(reader, sql));
            return result;
        }, cancellationToken);

    // Columns as StoreStatements.OutboxColumns lists them.
    private static OutboxMessage ReadMessage(DbDataReader reader, StoreStatements sql) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), PersistenceJson.ReadObject(reader.GetString(3)), sql.ReadTime(reader, 4)) { Sequence = reader.GetInt64(6) };

    public Task MarkDispatchedAsync(string outboxMessageId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WithWriterAsync(async (session, sql) => await session.Get(sql.MarkDispatched, null, at, outboxMessageId).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        var result = new List<JournalRecord>();
        if (take <= 0)
            return result;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.Id == instanceId)
            .Select(i => new InstanceDefinition(i.DefinitionId, i.DefinitionVersionId, i.Version))
            .FirstOrDefaultAsync(cancellationToken);
        if (instance is null)
            return result;
        var bursts = db.JournalBursts.AsNoTracking()
            .Where(j => j.InstanceId == instanceId)
            .OrderBy(j => j.FirstSequence)
            .Select(j => new { j.RecordCount, j.Records })
            .AsAsyncEnumerable();
        await foreach (var burst in bursts.WithCancellation(cancellationToken))
        {
            // Whole bursts before the page are skipped unread.
            if (skip >= burst.RecordCount)
            {
                skip -= burst.RecordCount;
                continue;
            }

            foreach (var entry in PersistenceJson.Read<List<JournalEntry>>(burst.Records)!.Skip(skip))
            {
                result.Add(ToRecord(instanceId, instance, entry));
                if (result.Count == take)
                    return result;
            }

            skip = 0;
        }

        return result;
    }

    /// <summary>The lines an instance wrote, in order.</summary>
    /// <remarks>
    /// A burst's lines ride in its journal row; lines written before that (and by bursts that journal nothing) are in
    /// their own table. Both are keyed by the revision that wrote them, and a burst writes to one place only.
    /// </remarks>
    public static async Task<List<string>> GetLinesAsync(CaseFlowDbContext db, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var separate = await db.WrittenLines.AsNoTracking().Where(l => l.InstanceId == instanceId).Select(l => new { l.Revision, l.Lines }).ToListAsync(cancellationToken);
        var inBursts = await db.JournalBursts.AsNoTracking().Where(j => j.InstanceId == instanceId && j.Lines != null).Select(j => new { j.Revision, Lines = j.Lines! }).ToListAsync(cancellationToken);
        return [.. separate.Concat(inBursts).OrderBy(r => r.Revision).SelectMany(r => PersistenceJson.Read<List<string>>(r.Lines) ?? [])];
    }

    private static bool IsOrdered(IReadOnlyList<JournalRecord> records)
    {
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Sequence <= records[i - 1].Sequence)
                return false;
        }

        return true;
    }

    private async ValueTask<StoreStatements> StatementsAsync(CancellationToken cancellationToken)
    {
        if (_statements is { } ready)
            return ready;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _setup = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteConnectionSetup>().FirstOrDefault();
        var statements = new StoreStatements(db);
        if (statements.IsSqlite && _checkpointer is null)
        {
            var checkpointer = new WalCheckpointer(statements, _setup);
            if (Interlocked.CompareExchange(ref _checkpointer, checkpointer, null) is not null)
                checkpointer.Dispose();
        }

        return _statements = statements;
    }

    /// <summary>
    /// Runs a write. On SQLite it goes through the process's one writer session, queued in process by a semaphore:
    /// two connections of one process competing for SQLite's write lock would wait in the busy handler's sleeps
    /// (1, 2, 5, 10… ms). Other databases lock rows, not the file, so their writes use pooled sessions in parallel.
    /// </summary>
    private async Task WithWriterAsync<T>(Func<SqlSession, StoreStatements, Task<T>> work, CancellationToken cancellationToken)
    {
        var sql = await StatementsAsync(cancellationToken);
        if (!sql.IsSqlite)
        {
            await WithSessionAsync(work, cancellationToken);
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            _writer ??= await SqlSession.OpenAsync(sql, _setup, cancellationToken);
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

    /// <summary>Runs <paramref name="work"/> on a pooled session (reads run in parallel; in WAL mode they never block the writer).</summary>
    private async Task<T> WithSessionAsync<T>(Func<SqlSession, StoreStatements, Task<T>> work, CancellationToken cancellationToken)
    {
        var sql = await StatementsAsync(cancellationToken);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var session = _sessions.TryTake(out var pooled) ? pooled : await SqlSession.OpenAsync(sql, _setup, cancellationToken);
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
            ClosePool();
        return result;
    }

    /// <summary>Test hook: runs after a read's work, before its session goes back to the pool.</summary>
    internal Func<Task>? SessionReturning { get; set; }

    /// <summary>Sessions resting in the read pool.</summary>
    internal int PooledSessions => _sessions.Count;

    /// <summary>Whether a write holds the process's writer session.</summary>
    internal bool WriterBusy => _writeLock.CurrentCount == 0;

    /// <summary>The background WAL checkpointer (SQLite only; null until the first use of the store).</summary>
    internal WalCheckpointer? Checkpointer => Volatile.Read(ref _checkpointer);

    /// <summary>Whether the process's writer session is open.</summary>
    internal bool HasWriter => Volatile.Read(ref _writer) is not null;

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Closes the pooled sessions and the writer; a write in flight finishes and closes the writer as it leaves, a read
    /// in flight closes its session instead of pooling it. Completes once the writer is closed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        ClosePool();
        if (_checkpointer is { } checkpointer)
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
        ClosePool();
        _checkpointer?.Dispose();
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

    private void ClosePool()
    {
        while (_sessions.TryTake(out var session))
            session.Dispose();
    }

    private static StoredBookmark ToStored(BookmarkRow row) => new(row.InstanceId, row.CorrelationId, new Bookmark
    {
        Id = row.Id,
        Name = row.Name,
        Hash = row.Hash,
        Payload = PersistenceJson.ReadObject(row.Payload),
        ActivityId = row.ActivityId,
        ActivityNodeId = row.ActivityNodeId,
        ActivityInstanceId = row.ActivityInstanceId,
        AutoBurn = row.AutoBurn,
        CallbackMethodName = row.CallbackMethodName,
        Metadata = PersistenceJson.Read<Dictionary<string, string>>(row.Metadata),
        DueAt = row.DueAt,
        CreatedAt = row.CreatedAt,
    });

    private static OutboxMessage ToMessage(OutboxMessageRow row) =>
        new(row.Id, row.Kind, row.InstanceId, PersistenceJson.ReadObject(row.Payload), row.CreatedAt) { Sequence = row.Sequence };

    private sealed record InstanceDefinition(string DefinitionId, string DefinitionVersionId, int Version);

    // Fields equal to what the instance row says are left out (see JournalEntry) and filled in again on reading.
    internal static JournalEntry ToEntry(JournalRecord record, WorkflowState state) => new()
    {
        Id = record.HasDefaultId && string.Equals(record.WorkflowInstanceId, state.Id, StringComparison.Ordinal) ? null : record.Id,
        Sequence = record.Sequence,
        DefinitionId = string.Equals(record.WorkflowDefinitionId, state.DefinitionId, StringComparison.Ordinal) ? null : record.WorkflowDefinitionId,
        DefinitionVersionId = string.Equals(record.WorkflowDefinitionVersionId, state.DefinitionVersionId, StringComparison.Ordinal) ? null : record.WorkflowDefinitionVersionId,
        WorkflowVersion = record.WorkflowVersion == state.DefinitionVersion ? null : record.WorkflowVersion,
        Timestamp = record.Timestamp,
        EventName = record.EventName,
        ActivityId = record.ActivityId,
        ActivityType = record.ActivityType,
        ActivityTypeVersion = record.ActivityTypeVersion == 1 ? null : record.ActivityTypeVersion,
        ActivityName = record.ActivityName,
        ActivityNodeId = record.ActivityNodeId,
        ActivityInstanceId = record.ActivityInstanceId,
        ParentActivityInstanceId = record.ParentActivityInstanceId,
        Message = record.Message,
        Source = record.Source,
        Payload = record.Payload,
    };

    private static JournalRecord ToRecord(string instanceId, InstanceDefinition instance, JournalEntry entry) => new()
    {
        Id = entry.Id ?? JournalRecord.DefaultId(instanceId, entry.Sequence),
        WorkflowInstanceId = instanceId,
        Sequence = entry.Sequence,
        WorkflowDefinitionId = entry.DefinitionId ?? instance.DefinitionId,
        WorkflowDefinitionVersionId = entry.DefinitionVersionId ?? instance.DefinitionVersionId,
        WorkflowVersion = entry.WorkflowVersion ?? instance.Version,
        Timestamp = entry.Timestamp,
        EventName = entry.EventName,
        ActivityId = entry.ActivityId,
        ActivityType = entry.ActivityType,
        ActivityTypeVersion = entry.ActivityTypeVersion ?? 1,
        ActivityName = entry.ActivityName,
        ActivityNodeId = entry.ActivityNodeId,
        ActivityInstanceId = entry.ActivityInstanceId,
        ParentActivityInstanceId = entry.ParentActivityInstanceId,
        Message = entry.Message,
        Source = entry.Source,
        Payload = entry.Payload is JsonElement element ? ValueConverter.FromElement(element) : entry.Payload,
    };
}
