using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using CaseFlow.Tests.Shared;
using Npgsql;

namespace CaseFlow.Benchmarks.Load;

/// <summary>One set-up the load and timer benchmarks measure.</summary>
internal sealed record SetUp(string Key, string Name, int Nodes, bool Postgres)
{
    private static readonly SetUp[] All = [new("sqlite", "SQLite, 1 node", 1, false), new("postgres1", "PostgreSQL, 1 node", 1, true), new("postgres3", "PostgreSQL, 3 nodes", 3, true)];

    /// <summary>The set-ups <paramref name="only"/> names (comma-separated keys; all when null) that this machine can run.</summary>
    public static IEnumerable<SetUp> Chosen(string? only, TextWriter output)
    {
        foreach (var setUp in All)
        {
            if (only is not null && !only.Split(',').Contains(setUp.Key, StringComparer.OrdinalIgnoreCase))
                continue;
            if (setUp.Postgres && !PostgresServer.IsAvailable)
            {
                output.WriteLine($"{setUp.Name}: skipped (no PostgreSQL 15 here)");
                continue;
            }

            yield return setUp;
        }
    }
}

/// <summary>The server processes of one set-up (as the crash tests' cluster, without their assertions).</summary>
internal sealed class Nodes : IDisposable
{
    /// <summary>Every demo user's password on the benchmark's nodes.</summary>
    public const string Password = "Load-Password-42";

    private readonly List<Process> _processes = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"caseflow-load-{Guid.NewGuid():N}");
    private readonly string? _postgres;
    private readonly List<int> _ports = [];
    private readonly List<TextWriter> _logs = [];

    private Nodes(string? postgres) => _postgres = postgres;

    public string LinkKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public TimeSpan StartedIn { get; private set; }

    public IReadOnlyList<Func<Uri?>> Addresses => [.. _ports.Select(p => (Func<Uri?>)(() => new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{p}"))))];

    /// <summary>The node's data folder (node 0 holds the SQLite file).</summary>
    public string SqliteFile => Path.Combine(_folder, "node0", "caseflow.db");

    public string? Postgres => _postgres;

    /// <summary>Starts <paramref name="count"/> nodes on the repository's workflows plus <paramref name="extraWorkflows"/> (file name → JSON).</summary>
    public static async Task<Nodes> StartAsync(int count, string? postgres, IReadOnlyDictionary<string, string>? extraWorkflows = null)
    {
        var watch = Stopwatch.StartNew();
        var nodes = new Nodes(postgres);
        var root = RepositoryPaths.Root;
        var workflows = Path.Combine(nodes._folder, "workflows");
        Directory.CreateDirectory(workflows);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "workflows"), "*.json"))
        {
            var text = await File.ReadAllTextAsync(file);
            if (Path.GetFileName(file) == "complaint-handling.json")
                text = text.Replace("\"value\": \"1.00:00:00\"", "\"value\": \"00:00:02\"", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(workflows, Path.GetFileName(file)), text);
        }

        foreach (var (name, json) in extraWorkflows ?? new Dictionary<string, string>())
            await File.WriteAllTextAsync(Path.Combine(workflows, name), json);

        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var server = Path.Combine(root, "src", "CaseFlow.Server", "bin", "Release", "net10.0", "caseflow.dll");
        if (!File.Exists(server))
            throw new InvalidOperationException($"Build the server first (dotnet build -c Release): {server} is missing");
        for (var i = 0; i < count; i++)
        {
            var port = FreePorts.OnLoopback();
            nodes._ports.Add(port);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(server)! };
            start.ArgumentList.Add(server);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["CaseFlow__DataDirectory"] = Path.Combine(nodes._folder, $"node{i}");
            start.Environment["CaseFlow__WorkflowsDirectory"] = workflows;
            start.Environment["CaseFlow__Demo"] = "true";
            start.Environment["CaseFlow__DemoPassword"] = Password;
            start.Environment["CaseFlow__Surveys__LinkKey"] = nodes.LinkKey;
            start.Environment["CaseFlow__Auth__SigningKey"] = signingKey;
            start.Environment["CaseFlow__Emergencies__ComplaintSpike__Enabled"] = "false";
            if (postgres is not null)
            {
                start.Environment["CaseFlow__Database__Provider"] = "Postgres";
                start.Environment["ConnectionStrings__CaseFlow"] = postgres;
            }

            var process = Process.Start(start)!;
            // Warnings and errors only (the nodes log at Warning): a failure shows with its exception.
            var log = Path.Combine(nodes._folder, $"node{i}.log");
            var writer = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
            nodes._logs.Add(writer);
            process.OutputDataReceived += (_, e) => { if (e.Data is { } line) writer.WriteLine(line); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) writer.WriteLine(line); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            nodes._processes.Add(process);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var address in nodes.Addresses)
        {
            while (true)
            {
                try
                {
                    if ((await http.GetAsync(new Uri(address()!, "/health/ready"))).StatusCode == HttpStatusCode.OK)
                        break;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                if (watch.Elapsed > TimeSpan.FromMinutes(3))
                    throw new TimeoutException("the nodes did not become ready within 3 minutes");
                await Task.Delay(100);
            }
        }

        nodes.StartedIn = watch.Elapsed;
        return nodes;
    }

    public async Task<string?> SurveyOfAsync(string caseId)
    {
        if (_postgres is not null)
        {
            await using var connection = new NpgsqlConnection(_postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT \"Id\" FROM \"Surveys\" WHERE \"CaseId\" = @case", connection);
            command.Parameters.AddWithValue("case", caseId);
            return await command.ExecuteScalarAsync() as string;
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqliteFile};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = "SELECT \"Id\" FROM \"Surveys\" WHERE \"CaseId\" = $case";
        query.Parameters.AddWithValue("$case", caseId);
        return await query.ExecuteScalarAsync() as string;
    }

    // What each node logged as failures, by kind (the logger's category and the exception's first line), before the
    // folder goes. The migrations' probe for its history table on an empty database is expected, not a failure.
    private void ReportFailures()
    {
        for (var i = 0; i < _logs.Count; i++)
        {
            var lines = File.ReadAllLines(Path.Combine(_folder, $"node{i}.log"));
            var kinds = new Dictionary<string, int>();
            for (var at = 0; at < lines.Length; at++)
            {
                if (!lines[at].StartsWith("fail:", StringComparison.Ordinal))
                    continue;
                // The exception's first line; a failed command without one is named by its command and its SQL's first line.
                var detail = lines.Skip(at + 1).Take(12).FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal) && !l.TrimStart().StartsWith("at ", StringComparison.Ordinal))
                    ?? string.Join(" | ", lines.Skip(at + 1).Take(2).Select(l => l.Trim()));
                if (lines.Skip(at + 1).Take(3).Any(l => l.Contains("__EFMigrationsHistory", StringComparison.Ordinal)))
                    continue;
                var kind = lines[at].Trim() + " " + detail.Trim();
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }

            foreach (var (kind, count) in kinds.OrderByDescending(k => k.Value))
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node {i}: {count} x {(kind.Length > 300 ? kind[..300] : kind)}"));
        }
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        foreach (var writer in _logs)
            writer.Dispose();
        ReportFailures();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
