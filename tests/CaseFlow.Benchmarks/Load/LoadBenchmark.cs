using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using CaseFlow.Server.Tests.ScaleOut;
using CaseFlow.Tests.Shared;
using Npgsql;

namespace CaseFlow.Benchmarks.Load;

/// <summary>
/// The load benchmark: real <c>caseflow</c> processes on loopback, driven over HTTP, in three set-ups: one node on
/// the embedded SQLite file, one node on PostgreSQL, three nodes on one PostgreSQL database. Per set-up:
/// <list type="number">
/// <item>throughput: complaints taken from intake to their survey's answer by 32 clients, spread over the nodes; requests/s
/// and p50/p99 of intake, the inbox query and task completion;</item>
/// <item>intake → first task visible: one client files a complaint and reads the inbox until its first task is there,
/// 200 times, on an otherwise idle cluster (p50/p99).</item>
/// </list>
/// The ratio of three nodes to one on PostgreSQL is printed; on a 2-core machine the nodes share the cores with
/// PostgreSQL and the load driver, so it says what this machine can show, not what three machines would.
/// <code>dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --load [COMPLAINTS]</code>
/// </summary>
internal static class LoadBenchmark
{
    private const string Password = "Load-Password-42";
    private const int Clients = 32;

    public static async Task<int> RunAsync(int complaints, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load benchmark: {complaints} complaints per set-up, {Clients} clients, {Environment.ProcessorCount} logical CPUs"));
        var results = new List<Result>();
        foreach (var (name, nodes, postgres) in new[] { ("SQLite, 1 node", 1, false), ("PostgreSQL, 1 node", 1, true), ("PostgreSQL, 3 nodes", 3, true) })
        {
            if (postgres && !PostgresServer.IsAvailable)
            {
                output.WriteLine($"{name}: skipped (no PostgreSQL 15 here)");
                continue;
            }

            using var cluster = await Nodes.StartAsync(nodes, postgres ? await PostgresServer.CreateDatabaseAsync("load") : null);
            output.WriteLine($"{name}: listening after {cluster.StartedIn.TotalSeconds:0.0} s");
            var result = await MeasureAsync(name, cluster, complaints, output);
            results.Add(result);
        }

        output.WriteLine();
        output.WriteLine("| Set-up | Complaints/s | Requests/s | Intake p50 / p99 ms | Inbox p50 / p99 ms | Complete p50 / p99 ms | Intake → first task p50 / p99 ms |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.ComplaintsPerSecond:0.0} | {r.RequestsPerSecond:0} | {r.Intake} | {r.Inbox} | {r.Complete} | {r.FirstTask} |"));
        }

        if (results.FirstOrDefault(r => r.Name == "PostgreSQL, 1 node") is { } one && results.FirstOrDefault(r => r.Name == "PostgreSQL, 3 nodes") is { } three)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scaling, 3 nodes / 1 node on PostgreSQL: {three.ComplaintsPerSecond / one.ComplaintsPerSecond:0.00}x complaints/s (target 2.5x on machines of their own)"));
        return 0;
    }

    private static async Task<Result> MeasureAsync(string name, Nodes cluster, int complaints, TextWriter output)
    {
        using var driver = new ComplaintDriver(cluster.Addresses, Password, cluster.LinkKey, cluster.SurveyOfAsync);
        await driver.SignInAsync();
        var watch = Stopwatch.StartNew();
        await driver.RunAsync(complaints, Clients);
        var elapsed = watch.Elapsed;
        var requests = driver.Latencies.Values.Sum(v => v.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {complaints} complaints to their survey in {elapsed.TotalSeconds:0.0} s"));

        var first = await FirstTaskAsync(cluster, 200);
        return new Result(
            name,
            complaints / elapsed.TotalSeconds,
            requests / elapsed.TotalSeconds,
            Percentiles(driver.Latencies.GetValueOrDefault("intake")),
            Percentiles(driver.Latencies.GetValueOrDefault("inbox")),
            Percentiles(driver.Latencies.GetValueOrDefault("complete")),
            Percentiles(first));
    }

    // One client: intake, then the inbox read again at once until the first task is there.
    private static async Task<List<double>> FirstTaskAsync(Nodes cluster, int samples)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var node = cluster.Addresses[0]()!;
        var token = await TokenAsync(http, node, "agent");
        var supervisor = await TokenAsync(http, node, "supervisor");
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            using var intake = Authorized(HttpMethod.Post, new Uri(node, "/api/cases"), token, new { type = "complaint", channel = "phone", customer = new { name = "Probe", phone = "+1 555 9" + i.ToString("D6", CultureInfo.InvariantCulture) }, description = "First-task probe." });
            using var filed = await http.SendAsync(intake);
            var caseId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            while (true)
            {
                using var read = Authorized(HttpMethod.Get, new Uri(node, $"/api/tasks?view=all&caseId={caseId}"), supervisor);
                using var page = await http.SendAsync(read);
                if ((await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32() > 0)
                    break;
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static string Percentiles(IEnumerable<double>? samples)
    {
        var sorted = (samples ?? []).Order().ToList();
        if (sorted.Count == 0)
            return "-";
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Count / 2]:0.0} / {sorted[Math.Min(sorted.Count - 1, sorted.Count * 99 / 100)]:0.0}");
    }

    private static async Task<string> TokenAsync(HttpClient http, Uri node, string user)
    {
        using var response = await http.PostAsJsonAsync(new Uri(node, "/api/auth/token"), new { username = user, password = Password });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, Uri uri, string token, object? body = null) => new(method, uri)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        Content = body is null ? null : JsonContent.Create(body),
    };

    private sealed record Result(string Name, double ComplaintsPerSecond, double RequestsPerSecond, string Intake, string Inbox, string Complete, string FirstTask);

    /// <summary>The server processes of one set-up (as the crash tests' cluster, without their assertions).</summary>
    private sealed class Nodes : IDisposable
    {
        private readonly List<Process> _processes = [];
        private readonly string _folder = Path.Combine(Path.GetTempPath(), $"caseflow-load-{Guid.NewGuid():N}");
        private readonly string? _postgres;
        private readonly List<int> _ports = [];

        private Nodes(string? postgres) => _postgres = postgres;

        public string LinkKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        public TimeSpan StartedIn { get; private set; }

        public IReadOnlyList<Func<Uri?>> Addresses => [.. _ports.Select(p => (Func<Uri?>)(() => new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{p}"))))];

        public static async Task<Nodes> StartAsync(int count, string? postgres)
        {
            var watch = Stopwatch.StartNew();
            var nodes = new Nodes(postgres);
            var root = Repository.Root;
            var workflows = Path.Combine(nodes._folder, "workflows");
            Directory.CreateDirectory(workflows);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "workflows"), "*.json"))
            {
                var text = await File.ReadAllTextAsync(file);
                if (Path.GetFileName(file) == "complaint-handling.json")
                    text = text.Replace("\"value\": \"1.00:00:00\"", "\"value\": \"00:00:02\"", StringComparison.Ordinal);
                await File.WriteAllTextAsync(Path.Combine(workflows, Path.GetFileName(file)), text);
            }

            var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            var server = Path.Combine(root, "src", "CaseFlow.Server", "bin", "Release", "net10.0", "caseflow.dll");
            if (!File.Exists(server))
                throw new InvalidOperationException($"Build the server first (dotnet build -c Release): {server} is missing");
            for (var i = 0; i < count; i++)
            {
                var port = FreePort();
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
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.Ordinal))
                        Console.Error.WriteLine(line);
                };
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

            await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "node0", "caseflow.db")};Mode=ReadOnly;Pooling=False");
            await sqlite.OpenAsync();
            await using var query = sqlite.CreateCommand();
            query.CommandText = "SELECT \"Id\" FROM \"Surveys\" WHERE \"CaseId\" = $case";
            query.Parameters.AddWithValue("$case", caseId);
            return await query.ExecuteScalarAsync() as string;
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

            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private static class Repository
    {
        public static string Root { get; } = Find();

        private static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CaseFlow.sln")))
                    return dir.FullName;
            }

            throw new InvalidOperationException("CaseFlow.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
