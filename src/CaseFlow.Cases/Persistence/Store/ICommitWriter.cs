using CaseFlow.Workflows.Durability;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>How the store writes, per database: SQLite's one writer with group commit, or PostgreSQL's parallel transactions.</summary>
internal interface ICommitWriter : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Writes a burst's instances in one transaction (see <see cref="InstanceWriter"/>), each with the rows its
    /// messages stand for (<paramref name="rows"/>, by commit; null: none, see <see cref="IBurstRows"/>).
    /// </summary>
    Task CommitAsync(IReadOnlyList<InstanceCommit> commits, IReadOnlyList<object>?[]? rows, CancellationToken cancellationToken);

    /// <summary>Runs another write (a parked stimulus, a delivered message) where writes go.</summary>
    Task WriteAsync(Func<SqlSession, StoreStatements, Task<bool>> work, CancellationToken cancellationToken);
}
