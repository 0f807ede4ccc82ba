using System.Data.Common;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// An open connection with its prepared commands, kept across calls: SQLite compiles a statement once per session
/// instead of once per call (a compile costs as much as running it).
/// </summary>
internal sealed class SqlSession : IDisposable
{
    private readonly Dictionary<Statement, DbCommand> _commands = [];

    private SqlSession(DbConnection connection) => Connection = connection;

    public DbConnection Connection { get; }

    public static async Task<SqlSession> OpenAsync(StoreStatements sql, SqliteConnectionSetup? setup, CancellationToken cancellationToken)
    {
        var connection = sql.Factory.CreateConnection()!;
        connection.ConnectionString = sql.ConnectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (setup is not null)
                await setup.InitializeAsync(connection, cancellationToken);
            return new SqlSession(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The session's command for a statement, enlisted in <paramref name="transaction"/> (or in none).</summary>
    public DbCommand Get(Statement statement, DbTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(statement, out var command))
            _commands[statement] = command = statement.Create(Connection);
        command.Transaction = transaction;
        return command;
    }

    /// <summary>The command with its values bound in parameter order.</summary>
    public DbCommand Get(Statement statement, DbTransaction? transaction, params object?[] values)
    {
        var command = Get(statement, transaction);
        statement.BindValues(command, values);
        return command;
    }

    // Synchronous, so that the store's Dispose closes sessions without blocking on a task (SQLite's close is synchronous
    // underneath its DisposeAsync anyway).
    public void Dispose()
    {
        foreach (var command in _commands.Values)
            command.Dispose();
        _commands.Clear();
        Connection.Dispose();
    }
}
