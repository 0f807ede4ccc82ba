using System.Data.Common;
using System.Globalization;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>
/// Writes one instance's burst into an open transaction, the same on every database: the instance row under its
/// revision check, its bookmark and incident rows brought to the snapshot's (only the changed ones, when the rows of
/// the expected revision are known: <see cref="StoredRowsCache"/>), the consumed stimulus, the journal and its lines
/// (one row), the outbox rows, and the rows its messages stand for (<see cref="IBurstRows"/>).
/// </summary>
internal static class InstanceWriter
{
    // lookForParked: whether to fill InstanceCommit.ParkedStimuli in this transaction. Only where write transactions
    // are serialized with every other write, across processes too (SQLite's file lock), so that a stimulus parked by a
    // concurrent publisher is either seen here or sees this commit's bookmarks (see PublishEventAsync). Row-locking
    // databases read committed data beside concurrent writers: there the runtime looks after the commit.
    public static async Task<StoredRows> WriteAsync(SqlSession session, DbTransaction? transaction, StoreStatements sql, InstanceCommit commit, StoredRows? previous, IReadOnlyList<object>? rows, DateTimeOffset now, CancellationToken cancellationToken, bool lookForParked = false)
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

        foreach (var row in rows ?? [])
            await InsertAsync(session, transaction, sql.InsertOf(row.GetType()), row, cancellationToken);

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

    private static ValueTask<int> InsertAsync(SqlSession session, DbTransaction? transaction, Statement statement, object row, CancellationToken cancellationToken) =>
        session.InsertAsync(statement, transaction, row, cancellationToken);

    public static async Task<IReadOnlyList<QueuedStimulus>> FindQueuedAsync(SqlSession session, DbTransaction? transaction, StoreStatements sql, string name, string hash, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.QueryAsync(sql.FindQueued, transaction, sql.ReadQueued, cancellationToken, name, hash, now);

    public static async Task<Exception> ExplainAsync(SqlSession session, DbTransaction? transaction, StoreStatements sql, IReadOnlyList<InstanceCommit> commits, Exception ex)
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

    private static bool IsOrdered(IReadOnlyList<JournalRecord> records)
    {
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Sequence <= records[i - 1].Sequence)
                return false;
        }

        return true;
    }
}

/// <summary>The ids of an instance's bookmark and incident rows at a revision, and the correlation id its bookmark rows carry.</summary>
/// <remarks><see cref="Status"/> is the instance row's at that revision; null when unknown (rows read back, not remembered).</remarks>
internal sealed record StoredRows(long Revision, string? CorrelationId, HashSet<string> BookmarkIds, HashSet<string> IncidentIds, WorkflowStatus? Status = null)
{
    public static StoredRows Of(WorkflowState state, long revision) => new(
        revision,
        state.CorrelationId,
        state.Status == WorkflowStatus.Running ? state.Bookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
        state.Incidents.Select(i => i.Id).ToHashSet(StringComparer.Ordinal),
        state.Status);
}
