using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
/// <item>throughput: complaints taken from intake to their survey's answer by CLIENTS clients (default 32), spread over the nodes; requests/s
/// and p50/p99 of intake, the inbox query and task completion;</item>
/// <item>intake → first task visible: one client files a complaint and reads the inbox until its first task is there,
/// 200 times, a quarter of a second apart, on an otherwise idle cluster (p50/p99).</item>
/// </list>
/// The ratio of three nodes to one on PostgreSQL is printed; on a 2-core machine the nodes share the cores with
/// PostgreSQL and the load driver, so it says what this machine can show, not what three machines would.
/// <code>dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --load [COMPLAINTS] [--clients CLIENTS]</code>
/// </summary>
internal static class LoadBenchmark
{

    public static async Task<int> RunAsync(int complaints, int clients, string? only, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load benchmark: {complaints} complaints per set-up, {clients} clients, {Environment.ProcessorCount} logical CPUs"));
        var results = new List<Result>();
        foreach (var setUp in SetUp.Chosen(only, output))
        {
            var name = setUp.Name;
            using var cluster = await Nodes.StartAsync(setUp.Nodes, setUp.Postgres ? await PostgresServer.CreateDatabaseAsync("load") : null);
            output.WriteLine($"{name}: listening after {cluster.StartedIn.TotalSeconds:0.0} s");
            var result = await MeasureAsync(name, cluster, complaints, clients, output);
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

    private static async Task<Result> MeasureAsync(string name, Nodes cluster, int complaints, int clients, TextWriter output)
    {
        using var driver = new ComplaintDriver(cluster.Addresses, Nodes.Password, cluster.LinkKey, cluster.SurveyOfAsync);
        await driver.SignInAsync();
        var watch = Stopwatch.StartNew();
        await driver.RunAsync(complaints, clients);
        var elapsed = watch.Elapsed;
        var requests = driver.Latencies.Values.Sum(v => v.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {complaints} complaints to their survey in {elapsed.TotalSeconds:0.0} s"));

        var (first, answered) = await FirstTaskAsync(cluster, 200);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: intake answered (idle) p50 / p99 {Percentiles(answered)} ms; first task visible p50 / p99 {Percentiles(first)} ms after the intake was sent"));
        return new Result(
            name,
            complaints / elapsed.TotalSeconds,
            requests / elapsed.TotalSeconds,
            Percentiles(driver.Latencies.GetValueOrDefault("intake")),
            Percentiles(driver.Latencies.GetValueOrDefault("inbox")),
            Percentiles(driver.Latencies.GetValueOrDefault("complete")),
            Percentiles(first));
    }

    // One client: intake, then the inbox read again at once until the first task is there. Also when the intake answered.
    // Between samples the client waits a quarter of a second, so that the previous case's own follow-on work (its SLA
    // clocks, its acknowledgement, its task's message) is done and each sample meets an idle node, as the target asks.
    private static async Task<(List<double> FirstTask, List<double> Answered)> FirstTaskAsync(Nodes cluster, int samples)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var node = cluster.Addresses[0]()!;
        var token = await TokenAsync(http, node, "agent");
        var supervisor = await TokenAsync(http, node, "supervisor");
        var times = new List<double>();
        var answered = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            using var intake = Authorized(HttpMethod.Post, new Uri(node, "/api/cases"), token, new { type = "complaint", channel = "phone", customer = new { name = "Probe", phone = "+1 555 9" + i.ToString("D6", CultureInfo.InvariantCulture) }, description = "First-task probe." });
            using var filed = await http.SendAsync(intake);
            answered.Add(watch.Elapsed.TotalMilliseconds);
            var caseId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            while (true)
            {
                using var read = Authorized(HttpMethod.Get, new Uri(node, $"/api/tasks?view=all&caseId={caseId}"), supervisor);
                using var page = await http.SendAsync(read);
                if ((await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32() > 0)
                    break;
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return (times, answered);
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
        using var response = await http.PostAsJsonAsync(new Uri(node, "/api/auth/token"), new { username = user, password = Nodes.Password });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, Uri uri, string token, object? body = null) => new(method, uri)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        Content = body is null ? null : JsonContent.Create(body),
    };

    private sealed record Result(string Name, double ComplaintsPerSecond, double RequestsPerSecond, string Intake, string Inbox, string Complete, string FirstTask);

}
