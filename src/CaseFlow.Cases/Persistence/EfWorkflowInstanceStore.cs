using System.Data.Common;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Cases.Persistence.Store;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// <see cref="IWorkflowInstanceStore"/> over CaseFlow's EF Core database, a thread-safe singleton: the store's port.
/// <see cref="CommitAsync"/> writes all instances of a burst in one transaction with a revision check per instance
/// (<c>UPDATE … WHERE Id = @id AND Revision = @expected</c>, 0 rows → conflict; inserting an existing id → conflict).
/// </summary>
/// <remarks>
/// The parts, each with one job (folder <c>Store</c>): <see cref="InstanceWriter"/> writes one instance's burst;
/// <see cref="StoredRowsCache"/> remembers the rows of each instance's last revision so a commit writes only what
/// changed; <see cref="SessionPool"/> lends sessions (a connection with its compiled statements,
/// <see cref="StoreStatements"/>); the writer is <see cref="SqliteGroupCommitter"/> on SQLite (one writer per process,
/// group commit) or <see cref="ParallelCommitter"/> elsewhere (PostgreSQL: parallel transactions, row locks);
/// <see cref="JournalMapping"/> maps journal records to their stored form; <see cref="IBurstRows"/> sources add the rows
/// a burst's messages stand for (its tasks) to its transaction. The per-burst path runs as plain ADO.NET; everything
/// else uses EF queries on short-lived contexts.
/// </remarks>
public sealed class EfWorkflowInstanceStore : IWorkflowInstanceStore, IAsyncDisposable, IDisposable
{
    private readonly IDbContextFactory<CaseFlowDbContext> dbFactory;
    private readonly TimeProvider _clock;
    private readonly StoredRowsCache _stored = new();
    private readonly SessionPool _pool;
    private readonly IBurstRows[] _rows;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private StoreStatements? _statements;
    private SqliteConnectionSetup? _setup;
    private ICommitWriter? _writer;

    public EfWorkflowInstanceStore(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider? clock = null, IEnumerable<IBurstRows>? rows = null)
    {
        this.dbFactory = dbFactory;
        _clock = clock ?? TimeProvider.System;
        _rows = rows?.ToArray() ?? [];
        _pool = new SessionPool(StatementsAsync, () => _setup);
    }

    /// <summary>Bursts waiting for SQLite's writer (group commit).</summary>
    internal int QueuedCommits => (_writer as SqliteGroupCommitter)?.QueuedCommits ?? 0;

    /// <summary>Bursts SQLite's writer has taken into the group it is writing now (0 between groups).</summary>
    internal int WritingCommits => (_writer as SqliteGroupCommitter)?.WritingCommits ?? 0;

    /// <summary>Transactions SQLite's group writer has begun: fewer than bursts when bursts were grouped.</summary>
    internal long GroupTransactions => (_writer as SqliteGroupCommitter)?.GroupTransactions ?? 0;

    /// <summary>Test hook: runs after a read's work, before its session goes back to the pool.</summary>
    internal Func<Task>? SessionReturning
    {
        get => _pool.SessionReturning;
        set => _pool.SessionReturning = value;
    }

    /// <summary>Sessions resting in the read pool.</summary>
    internal int PooledSessions => _pool.Count;

    /// <summary>Whether a write holds the process's writer session (SQLite).</summary>
    internal bool WriterBusy => (_writer as SqliteGroupCommitter)?.WriterBusy ?? false;

    /// <summary>The background WAL checkpointer (SQLite only; null until the first use of the store).</summary>
    internal WalCheckpointer? Checkpointer => (_writer as SqliteGroupCommitter)?.Checkpointer;

    /// <summary>Whether the process's writer session is open (SQLite).</summary>
    internal bool HasWriter => (_writer as SqliteGroupCommitter)?.HasWriter ?? false;

    public Task<StoredInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _pool.WithSessionAsync(async (session, sql) =>
        {
            var rows = await session.QueryAsync(sql.FindInstance, null, ReadInstance, cancellationToken, instanceId);
            if (rows.Count == 0)
                return null;
            var found = rows[0];
            _stored.Remember(instanceId, StoredRows.Of(found.Snapshot.State, found.Revision));
            return found;
        }, cancellationToken);

    // Columns of StoreStatements.FindInstance. On SQLite the snapshot is read from the row's UTF-8 bytes, no string made of it.
    private static StoredInstance ReadInstance(RowReader row) => new(
        row.TryGetUtf8(0, out var utf8) ? WorkflowSnapshotSerializer.Deserialize(utf8) : WorkflowSnapshotSerializer.Deserialize(row.GetString(0)),
        row.GetInt64(1));

    public async Task CommitAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commits);
        if (commits.Count == 0)
            return;
        var rows = await RowsForAsync(commits, cancellationToken);
        await (await WriterAsync(cancellationToken)).CommitAsync(commits, rows.ByCommit, cancellationToken);
        if (rows.All is { } all)
        {
            foreach (var source in _rows)
                source.Committed(all);
        }
    }

    // The rows the bursts' messages stand for, read before the transaction (IBurstRows); nulls when there are none.
    private async ValueTask<(IReadOnlyList<object>?[]? ByCommit, List<object>? All)> RowsForAsync(IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken)
    {
        IReadOnlyList<object>?[]? byCommit = null;
        List<object>? all = null;
        for (var i = 0; i < commits.Count; i++)
        {
            foreach (var source in _rows)
            {
                var rows = await source.RowsForAsync(commits[i], cancellationToken);
                if (rows.Count == 0)
                    continue;
                byCommit ??= new IReadOnlyList<object>?[commits.Count];
                byCommit[i] = byCommit[i] is { } earlier ? [.. earlier, .. rows] : rows;
                (all ??= []).AddRange(rows);
            }
        }

        return (byCommit, all);
    }

    private async Task WriteAsync(Func<SqlSession, StoreStatements, Task<bool>> work, CancellationToken cancellationToken) =>
        await (await WriterAsync(cancellationToken)).WriteAsync(work, cancellationToken);

    public Task<IReadOnlyList<StoredBookmark>> FindBookmarksAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default) =>
        _pool.WithSessionAsync<IReadOnlyList<StoredBookmark>>(async (session, sql) =>
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
        return WriteAsync(async (session, sql) =>
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
        _pool.WithSessionAsync((session, sql) => InstanceWriter.FindQueuedAsync(session, null, sql, name, hash, now, cancellationToken), cancellationToken);

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
        _pool.WithSessionAsync<(OutboxMessage, bool)?>(async (session, sql) =>
        {
            await using var reader = await session.Get(sql.FindOutboxMessage, null, outboxMessageId).ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            return (ReadMessage(reader, sql), !reader.IsDBNull(5));
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListUndispatchedAsync(string instanceId, long upToSequence, CancellationToken cancellationToken = default) =>
        _pool.WithSessionAsync<IReadOnlyList<OutboxMessage>>(async (session, sql) =>
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
        WriteAsync(async (session, sql) => await session.Get(sql.MarkDispatched, null, at, outboxMessageId).ExecuteNonQueryAsync(cancellationToken) >= 0, cancellationToken);

    public async Task<IReadOnlyList<JournalRecord>> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        var result = new List<JournalRecord>();
        if (take <= 0)
            return result;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.Id == instanceId)
            .Select(i => new JournalMapping.InstanceDefinition(i.DefinitionId, i.DefinitionVersionId, i.Version))
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
                result.Add(JournalMapping.ToRecord(instanceId, instance, entry));
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

    private async ValueTask<StoreStatements> StatementsAsync(CancellationToken cancellationToken)
    {
        if (_statements is { } ready)
            return ready;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _setup = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteConnectionSetup>().FirstOrDefault();
        return _statements = new StoreStatements(db);
    }

    // The writer of this database, made once: SQLite's group committer (with its checkpointer) or parallel transactions.
    private async ValueTask<ICommitWriter> WriterAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _writer) is { } ready)
            return ready;
        var sql = await StatementsAsync(cancellationToken);
        await _starting.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_pool.IsDisposed, this);
            if (_writer is { } made)
                return made;
            ICommitWriter writer = sql.IsSqlite
                ? new SqliteGroupCommitter(StatementsAsync, _setup, _stored, _clock) { Checkpointer = new WalCheckpointer(sql, _setup) }
                : new ParallelCommitter(_pool, _stored, _clock);
            Volatile.Write(ref _writer, writer);
            return writer;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// Closes the pooled sessions and the writer; a write in flight finishes and closes the writer as it leaves, a read
    /// in flight closes its session instead of pooling it. Completes once the writer is closed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _pool.Dispose();
        await _starting.WaitAsync();
        var writer = _writer;
        _starting.Release();
        if (writer is not null)
            await writer.DisposeAsync();
    }

    /// <summary>As <see cref="DisposeAsync"/>, without waiting for a write in flight (it closes the writer when it ends).</summary>
    public void Dispose()
    {
        _pool.Dispose();
        Volatile.Read(ref _writer)?.Dispose();
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

    // Fields equal to what the instance row says are left out (see JournalEntry) and filled in again on reading.
    internal static JournalEntry ToEntry(JournalRecord record, WorkflowState state) => JournalMapping.ToEntry(record, state);
}
