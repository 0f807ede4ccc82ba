using Microsoft.Data.Sqlite;

namespace CaseFlow.Server.Tests.Support;

/// <summary>Reads CaseFlow's SQLite file read-only, beside whatever process writes it (WAL lets readers in).</summary>
internal sealed class DatabaseProbe(string dataDirectory)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, "caseflow.db"),
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
        DefaultTimeout = 10,
    }.ToString();

    /// <summary>Instance id → (definition id, status, sub-status).</summary>
    public Dictionary<string, (string DefinitionId, string Status, string SubStatus, int Version)> Instances() =>
        Query("SELECT Id, DefinitionId, Status, SubStatus, Version FROM WorkflowInstances", r => (r.GetString(0), (r.GetString(1), Status(r.GetValue(2)), SubStatus(r.GetValue(3)), r.GetInt32(4))))
            .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

    public int CountFinished(string? definitionId = null) => Instances().Count(i => i.Value.Status == "Finished" && (definitionId is null || i.Value.DefinitionId == definitionId));

    /// <summary>Lines each instance wrote, in order.</summary>
    public Dictionary<string, List<string>> Lines() =>
        Query($"SELECT l.InstanceId, t.value FROM ({AllLines}) l, json_each(l.Lines) t ORDER BY l.InstanceId, l.Revision, t.key", r => (r.GetString(0), r.GetString(1)))
            .GroupBy(x => x.Item1, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Item2).ToList(), StringComparer.Ordinal);

    /// <summary>Every row of lines (InstanceId, Revision, Lines): they ride in journal rows, or in their own table when a burst journals nothing.</summary>
    public const string AllLines = "SELECT InstanceId, Revision, Lines FROM JournalBursts WHERE Lines IS NOT NULL UNION ALL SELECT InstanceId, Revision, Lines FROM WrittenLines";

    // The journal is stored one row per burst (a JSON array of records): one row per record here.
    private const string Step = "json_extract(r.value, '$.activityId'), json_extract(r.value, '$.eventName')";
    private const string Records = "FROM JournalBursts b, json_each(b.Records) r";

    /// <summary>Journal steps (instance, activity, event) recorded more than once.</summary>
    public List<string> RepeatedJournalSteps() =>
        Query($"SELECT b.InstanceId, {Step}, COUNT(*) {Records} GROUP BY b.InstanceId, {Step} HAVING COUNT(*) > 1",
            r => $"{r.GetString(0)} {r.GetString(1)} {r.GetString(2)} x{r.GetInt64(3)}");

    /// <summary>Journal steps of one instance as "activityId:event", in sequence order.</summary>
    public List<string> Journal(string instanceId) =>
        Query($"SELECT {Step} {Records} WHERE b.InstanceId = '{instanceId.Replace("'", "''", StringComparison.Ordinal)}' ORDER BY b.FirstSequence, r.key", r => $"{r.GetString(0)}:{r.GetString(1)}");

    public long Scalar(string sql) => Query(sql, r => r.GetInt64(0)).Single();

    /// <summary>Every table (EF's migration history aside) with its row count.</summary>
    public Dictionary<string, long> RowCounts() =>
        Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'", r => r.GetString(0))
            .ToDictionary(t => t, t => Scalar($"SELECT COUNT(*) FROM \"{t}\""), StringComparer.Ordinal);

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
            result.Add(read(reader));
        return result;
    }

    // Enums may be stored as numbers or names depending on the mapping; accept both.
    private static string Status(object value) => value is long n ? ((Workflows.Runtime.WorkflowStatus)n).ToString() : value.ToString()!;

    private static string SubStatus(object value) => value is long n ? ((Workflows.Runtime.WorkflowSubStatus)n).ToString() : value.ToString()!;
}
