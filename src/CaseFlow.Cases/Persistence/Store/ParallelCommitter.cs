using System.Data.Common;
using CaseFlow.Workflows.Durability;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>
/// Commits on databases that lock rows, not the file (PostgreSQL): each burst in its own transaction on a pooled
/// session, in parallel with the others; the database serializes writers of one instance at its row (the revision
/// check's UPDATE waits for the other's commit, then finds the revision moved on) and groups log flushes itself.
/// </summary>
internal sealed class ParallelCommitter(SessionPool pool, StoredRowsCache stored, TimeProvider clock) : ICommitWriter
{
    public Task CommitAsync(IReadOnlyList<InstanceCommit> commits, IReadOnlyList<object>?[]? rows, CancellationToken cancellationToken) =>
        pool.WithSessionAsync((session, sql) => CommitOnAsync(session, sql, commits, rows, cancellationToken), cancellationToken);

    public Task WriteAsync(Func<SqlSession, StoreStatements, Task<bool>> work, CancellationToken cancellationToken) =>
        pool.WithSessionAsync(work, cancellationToken);

    private async Task<bool> CommitOnAsync(SqlSession session, StoreStatements sql, IReadOnlyList<InstanceCommit> commits, IReadOnlyList<object>?[]? rows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        try
        {
            var written = new StoredRows[commits.Count];
            try
            {
                await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken);
                for (var i = 0; i < commits.Count; i++)
                    written[i] = await InstanceWriter.WriteAsync(session, transaction, sql, commits[i], stored.For(commits[i]), rows?[i], now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                stored.Forget(commits);
                throw;
            }

            for (var i = 0; i < commits.Count; i++)
                stored.Remember(commits[i].InstanceId, written[i]);
            return true;
        }
        catch (DbException ex) when (commits.Any(c => c.ExpectedRevision is null))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(await InstanceWriter.ExplainAsync(session, null, sql, commits, ex));
            throw;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
