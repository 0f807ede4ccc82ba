namespace CaseFlow.Cases.Persistence;

/// <summary>Which database CaseFlow uses and where it lives (bound by hosts: <c>CaseFlow:Database:*</c>, <c>ConnectionStrings:CaseFlow</c>).</summary>
public sealed class CaseFlowDatabaseOptions
{
    /// <summary>The databases CaseFlow runs on (<c>CaseFlow:Database:Provider</c>).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>PostgreSQL, shared by several nodes; <see cref="ConnectionString"/> says where.</summary>
    public const string Postgres = "Postgres";

    /// <summary>
    /// Which database: <see cref="Sqlite"/> (default, the embedded file) or <see cref="Postgres"/>, in any case.
    /// Anything else stops the start with a message saying why: CaseFlow never falls back to SQLite when another
    /// database was asked for.
    /// </summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Whether <see cref="Provider"/> names PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>Folder of the database file, created on start-up when missing.</summary>
    public string DataDirectory { get; set; } = "./data";

    public string FileName { get; set; } = "caseflow.db";

    /// <summary>
    /// The provider's connection string. PostgreSQL needs one; for SQLite it is optional (when set,
    /// <see cref="DataDirectory"/> and <see cref="FileName"/> are ignored).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a writer waits for another writer's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <c>FULL</c> (default): every commit is on the disk before the burst's work
    /// is handed out, so a power cut loses nothing that was acknowledged or dispatched; concurrent bursts share one
    /// sync (group commit). <c>NORMAL</c>: in WAL mode a killed process still loses nothing, but a power cut may
    /// forget the last commits while their notifications already went out; sending again would then need a new key.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>The database file's full path.</summary>
    public string FilePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));

    /// <summary>The connection string of the chosen provider.</summary>
    public string BuildConnectionString() => IsPostgres ? BuildPostgresConnectionString() : BuildSqliteConnectionString();

    /// <summary>
    /// <see cref="ConnectionString"/> with CaseFlow's defaults where it says nothing: prepared hot-path statements
    /// (automatic preparation) and the application name the server's activity view shows.
    /// </summary>
    public string BuildPostgresConnectionString()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        if (!Mentions("Max Auto Prepare") && !Mentions("MaxAutoPrepare"))
            builder.MaxAutoPrepare = 64;
        if (!Mentions("Application Name") && !Mentions("ApplicationName"))
            builder.ApplicationName = "CaseFlow";
        return builder.ConnectionString;

        bool Mentions(string key) => ConnectionString!.Contains(key, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where the PostgreSQL database is, for messages: host, port and database, never the password.</summary>
    public string DescribePostgres()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
    }

    public string BuildSqliteConnectionString()
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString ?? "");
        if (ConnectionString is null)
            builder.DataSource = FilePath;
        if (ConnectionString is null || !ConnectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(BusyTimeout.TotalSeconds));
        return builder.ToString();
    }
}

/// <summary>Refuses a database provider CaseFlow cannot use, naming the setting and what it accepts.</summary>
public sealed class CaseFlowDatabaseOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<CaseFlowDatabaseOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, CaseFlowDatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(options.Provider, CaseFlowDatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                    "CaseFlow:Database:Provider is Postgres but ConnectionStrings:CaseFlow is not set: give the database's connection string, e.g. Host=db;Port=5432;Database=caseflow;Username=caseflow (the password from a secret store or the PGPASSWORD variable).");
            }

            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                return Microsoft.Extensions.Options.ValidateOptionsResult.Fail($"ConnectionStrings:CaseFlow is not a PostgreSQL connection string: {ex.Message}");
            }

            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }

        return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
            $"CaseFlow:Database:Provider '{options.Provider}' is not a database CaseFlow knows: use {CaseFlowDatabaseOptions.Sqlite} (the default) or {CaseFlowDatabaseOptions.Postgres}.");
    }
}
