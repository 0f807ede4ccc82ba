using Npgsql;

namespace CaseFlow.Cases.Persistence.Postgres;

/// <summary>
/// Serializes the start-up of nodes sharing one PostgreSQL database: migrations, schema installs, seeding and the
/// import of the workflows folder run on one node at a time (a session advisory lock, released when the start-up's
/// work is done or its connection drops with a killed node). Nodes started together then find the work done.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    // An arbitrary, fixed key: CaseFlow's start-up.
    private const long Key = 0x43617365466C6F77; // "CaseFlow"

    private readonly NpgsqlConnection? _connection;

    private StartupLock(NpgsqlConnection? connection) => _connection = connection;

    /// <summary>Waits for the lock on PostgreSQL; on SQLite there is nothing to share it with.</summary>
    public static async Task<StartupLock> AcquireAsync(CaseFlowDatabaseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsPostgres)
            return new StartupLock(null);
        var connection = new NpgsqlConnection(options.BuildPostgresConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key);
            command.CommandTimeout = 0; // as long as another node's start-up takes
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new StartupLock(connection);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw DatabaseMigration.Unreachable(options, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
            return;
        // Closing the session releases its advisory locks.
        await _connection.DisposeAsync();
    }
}
