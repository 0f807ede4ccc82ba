namespace CaseFlow.Cases.Persistence;

/// <summary>Where CaseFlow's SQLite database lives (bound from the <c>CaseFlowDatabase</c> section by hosts).</summary>
public sealed class CaseFlowDatabaseOptions
{
    /// <summary>The databases CaseFlow runs on (<c>CaseFlow:Database:Provider</c>).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>PostgreSQL, for several nodes: named so that asking for it is a clear start-up error until it is built (issue 14).</summary>
    public const string Postgres = "Postgres";

    /// <summary>
    /// Which database: <see cref="Sqlite"/> (default, the embedded file). Anything else stops the start with a message
    /// saying why: CaseFlow never falls back to SQLite when another database was asked for.
    /// </summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Folder of the database file, created on start-up when missing.</summary>
    public string DataDirectory { get; set; } = "./data";

    public string FileName { get; set; } = "caseflow.db";

    /// <summary>A full SQLite connection string; when set, <see cref="DataDirectory"/> and <see cref="FileName"/> are ignored.</summary>
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

    public string BuildConnectionString()
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
        if (string.Equals(options.Provider, CaseFlowDatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                "CaseFlow:Database:Provider is Postgres, which this version of CaseFlow cannot use yet. Set it to Sqlite or leave it out; CaseFlow does not fall back to SQLite by itself.");
        }

        return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
            $"CaseFlow:Database:Provider '{options.Provider}' is not a database CaseFlow knows: use {CaseFlowDatabaseOptions.Sqlite} (the default).");
    }
}
