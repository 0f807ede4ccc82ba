using System.Data.Common;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// An open connection with its prepared commands, kept across calls: SQLite compiles a statement once per session
/// instead of once per call (a compile costs as much as running it).
/// </summary>
internal sealed class SqlSession : IDisposable
{
    private readonly Dictionary<Statement, DbCommand> _commands = [];
    private readonly Dictionary<Statement, SqliteRawStatement> _raw = [];

    private SqlSession(DbConnection connection)
    {
        Connection = connection;
        _sqlite = connection as Microsoft.Data.Sqlite.SqliteConnection;
    }

    private readonly Microsoft.Data.Sqlite.SqliteConnection? _sqlite;

    public DbConnection Connection { get; }

    /// <summary>The session's buffer for the snapshot a commit writes (one commit at a time per session).</summary>
    public Utf8Text SnapshotText { get; } = new();

    /// <summary>The session's buffer for the journal records a commit writes.</summary>
    public Utf8Text JournalText { get; } = new();

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

    /// <summary>
    /// Runs a statement that returns no rows with its values in parameter order; the rows it changed. On SQLite it
    /// runs on the native handle, bound by position (<see cref="SqliteRawStatement"/>), in the connection's transaction.
    /// </summary>
    public ValueTask<int> ExecuteAsync(Statement statement, DbTransaction? transaction, CancellationToken cancellationToken, params object?[] values)
    {
        if (_sqlite is null)
            return new ValueTask<int>(Get(statement, transaction, values).ExecuteNonQueryAsync(cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        var raw = Raw(statement);
        for (var i = 0; i < values.Length; i++)
            raw.Bind(i, statement.ProviderValue(i, values[i]));
        return new ValueTask<int>(raw.Execute());
    }

    /// <summary>As <see cref="ExecuteAsync(Statement, DbTransaction?, CancellationToken, object?[])"/>, with an insert's values from its entity.</summary>
    public ValueTask<int> InsertAsync(Statement statement, DbTransaction? transaction, object entity, CancellationToken cancellationToken)
    {
        if (_sqlite is null)
        {
            var command = Get(statement, transaction);
            statement.Bind(command, entity);
            return new ValueTask<int>(command.ExecuteNonQueryAsync(cancellationToken));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var raw = Raw(statement);
        for (var i = 0; i < statement.ParameterCount; i++)
            raw.Bind(i, statement.ProviderValueOf(i, entity));
        return new ValueTask<int>(raw.Execute());
    }

    /// <summary>Runs a query with its values in parameter order; <paramref name="read"/> maps each row. On SQLite, natively as <see cref="ExecuteAsync"/> does.</summary>
    public async ValueTask<List<T>> QueryAsync<T>(Statement statement, DbTransaction? transaction, Func<RowReader, T> read, CancellationToken cancellationToken, params object?[] values)
    {
        if (_sqlite is null)
        {
            await using var reader = await Get(statement, transaction, values).ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            var row = new RowReader.Ado(reader);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(read(row));
            return rows;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var raw = Raw(statement);
        for (var i = 0; i < values.Length; i++)
            raw.Bind(i, statement.ProviderValue(i, values[i]));
        return raw.Query(read);
    }

    private SqliteRawStatement Raw(Statement statement)
    {
        if (!_raw.TryGetValue(statement, out var raw))
            _raw[statement] = raw = SqliteRawStatement.Prepare(_sqlite!, statement);
        return raw;
    }

    // Synchronous, so that the store's Dispose closes sessions without blocking on a task (SQLite's close is synchronous
    // underneath its DisposeAsync anyway).
    public void Dispose()
    {
        // Native statements first: a connection does not close under statements it does not know about.
        foreach (var raw in _raw.Values)
            raw.Dispose();
        _raw.Clear();
        foreach (var command in _commands.Values)
            command.Dispose();
        _commands.Clear();
        Connection.Dispose();
    }
}
