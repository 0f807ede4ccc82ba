using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// Sets the per-connection PRAGMAs once per native SQLite connection: a busy timeout (writers queue instead of
/// failing), <c>synchronous</c> from <see cref="CaseFlowDatabaseOptions.Synchronous"/> (FULL by default), foreign
/// keys, and SQLite's automatic WAL checkpoint at <see cref="BackstopCheckpointPages"/> pages instead of 1000: the
/// instance store checkpoints in the background long before that (<see cref="WalCheckpointer"/>), so this one only
/// runs should the background fall behind or in a process without an instance store. <c>journal_size_limit</c>
/// truncates the WAL to 32 MB after a checkpoint should it have grown beyond.
/// WAL itself is a property of the file, set once by <see cref="DatabaseMigration.MigrateCaseFlowDatabaseAsync"/>.
/// </summary>
internal sealed class SqliteConnectionSetup(TimeSpan busyTimeout, string synchronous = "FULL") : DbConnectionInterceptor
{
    /// <summary>WAL pages after which a committing connection checkpoints itself (about 32 MB).</summary>
    public const int BackstopCheckpointPages = 8000;

    // Pooled connections keep their native handle; a PRAGMA per open would cost a command per query.
    private readonly ConditionalWeakTable<object, object> _initialized = [];
    private readonly string _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous={Synchronous(synchronous)}; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint={BackstopCheckpointPages}; PRAGMA journal_size_limit=33554432;");

    private static string Synchronous(string value) => value.ToUpperInvariant() switch
    {
        "OFF" or "NORMAL" or "FULL" or "EXTRA" => value.ToUpperInvariant(),
        _ => throw new ArgumentException($"CaseFlowDatabase:Synchronous must be NORMAL, FULL, EXTRA or OFF, not '{value}'", nameof(value)),
    };

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSetup(connection, out var command))
        {
            using (command)
                command.ExecuteNonQuery();
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        InitializeAsync(connection, cancellationToken);

    /// <summary>Applies the PRAGMAs to a connection opened outside EF (the instance store's ADO.NET path).</summary>
    public async Task InitializeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (NeedsSetup(connection, out var command))
        {
            await using (command)
                await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool NeedsSetup(DbConnection connection, out DbCommand command)
    {
        command = null!;
        if (connection is not SqliteConnection { Handle: { } handle } || !_initialized.TryAdd(handle, this))
            return false;
        command = connection.CreateCommand();
        command.CommandText = _pragmas;
        return true;
    }
}
