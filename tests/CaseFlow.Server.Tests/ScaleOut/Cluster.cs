using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CaseFlow.Server.Tests.ScaleOut;

/// <summary>
/// Real <c>caseflow</c> server processes over one database: several on PostgreSQL, or one on its SQLite file. Each
/// node keeps its own loopback port across restarts (so clients find it again), its own data folder, and the keys
/// every node shares. The shipped workflows run, with the complaint's one-day follow-up shortened to two seconds so a
/// timer fires for every complaint during the run. <see cref="Kill"/> is SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class Cluster : IDisposable
{
    public const string Password = "Cluster-Password-42";

    private readonly TempDirectory _temp = new("caseflow-cluster");
    private readonly ServerProcess?[] _nodes;
    private readonly int[] _ports;
    private readonly string _workflows;
    private readonly Dictionary<string, string> _environment;

    private Cluster(int nodes, string? postgres)
    {
        PostgresConnectionString = postgres;
        _nodes = new ServerProcess?[nodes];
        _ports = [.. Enumerable.Range(0, nodes).Select(_ => FreePorts.OnLoopback())];
        _workflows = _temp.Sub("workflows");
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Workflows, "*.json"))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "complaint-handling.json")
                text = text.Replace("\"value\": \"1.00:00:00\"", postgres is null ? "\"value\": \"00:00:02\"" : "\"value\": \"00:00:03\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(_workflows, Path.GetFileName(file)), text);
        }

        _environment = new Dictionary<string, string>
        {
            ["CaseFlow__Demo"] = "true",
            ["CaseFlow__DemoPassword"] = Password,
            ["CaseFlow__Surveys__LinkKey"] = LinkKey,
            ["CaseFlow__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
            // Thousands of like complaints within the hour are a spike by the centre's own rule: it would raise an
            // emergency and hold the rest until it ends (rightly so, and tested elsewhere). Not what this load is for.
            ["CaseFlow__Emergencies__ComplaintSpike__Enabled"] = "false",
        };
        if (postgres is not null)
        {
            _environment["CaseFlow__Database__Provider"] = "Postgres";
            _environment["ConnectionStrings__CaseFlow"] = postgres;
            // The follow-ups (3 s here) fire through the per-second timer jobs: one machine has one clock, and a
            // bucket's job runs a second before its second (the defaults want 8 s ahead: 5 s lead, 2 s for clocks).
            _environment["CaseFlow__Jobs__TimerBucketLead"] = "00:00:01";
            _environment["CaseFlow__Jobs__TimerBucketClockSkew"] = "00:00:00";
        }
    }

    public string LinkKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string? PostgresConnectionString { get; }

    public int Count => _nodes.Length;

    /// <summary>How long the nodes took to listen, all together.</summary>
    public TimeSpan StartedIn { get; private set; }

    public static async Task<Cluster> StartPostgresAsync(int nodes)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cluster = new Cluster(nodes, await PostgresServer.CreateDatabaseAsync("cluster"));
        // All at once, as a deployment starts them: they take turns for the start-up's work (its advisory lock).
        try
        {
            await Task.WhenAll(Enumerable.Range(0, nodes).Select(cluster.StartAsync));
        }
        catch
        {
            cluster.Dispose(); // no node outlives a failed start
            throw;
        }

        cluster.StartedIn = watch.Elapsed;
        return cluster;
    }

    public static async Task<Cluster> StartSqliteAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cluster = new Cluster(1, null);
        await cluster.StartAsync(0);
        cluster.StartedIn = watch.Elapsed;
        return cluster;
    }

    /// <summary>Node <paramref name="i"/>'s address, or null while it is down.</summary>
    public Uri? Address(int i) => _nodes[i] is { HasExited: false } ? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_ports[i]}")) : null;

    public IReadOnlyList<Func<Uri?>> Addresses => [.. Enumerable.Range(0, Count).Select(i => (Func<Uri?>)(() => Address(i)))];

    public async Task StartAsync(int i)
    {
        // Out of the list before it is disposed: the driver's threads ask for addresses all the while (a CI run met a
        // disposed process there).
        Interlocked.Exchange(ref _nodes[i], null)?.Dispose();
        var node = ServerProcess.Start(_temp.Sub($"node{i}"), _workflows, _environment, string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_ports[i]}"));
        _nodes[i] = node;
        await node.WaitUntilListeningAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>SIGKILL: the process dies where it stands, mid-request and mid-commit.</summary>
    public void Kill(int i)
    {
        _nodes[i]?.Kill();
    }

    public string Output(int i) => _nodes[i]?.Output ?? "";

    /// <summary>A connection to the cluster's database (PostgreSQL, or node 0's SQLite file), open.</summary>
    public async Task<DbConnection> OpenDatabaseAsync()
    {
        DbConnection connection = PostgresConnectionString is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(_temp.Path, "node0", "caseflow.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task<string?> TextAsync(string sql)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>The case's survey id once its invitation was made.</summary>
    public async Task<string?> SurveyOfAsync(string caseId)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\" FROM \"Surveys\" WHERE \"CaseId\" = @case";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@case";
        parameter.Value = caseId;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync() as string;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
            node?.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
