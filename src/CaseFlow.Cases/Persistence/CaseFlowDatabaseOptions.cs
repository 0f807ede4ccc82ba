namespace CaseFlow.Cases.Persistence;

/// <summary>Where CaseFlow's SQLite database lives (bound from the <c>CaseFlowDatabase</c> section by hosts).</summary>
public sealed class CaseFlowDatabaseOptions
{
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
