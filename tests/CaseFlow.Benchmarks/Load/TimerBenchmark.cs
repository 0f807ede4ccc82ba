using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Tests.Shared;
using Npgsql;

namespace CaseFlow.Benchmarks.Load;

/// <summary>
/// The timer benchmark: N workflow instances each wait in an <c>Elsa.StartAt</c> until their own due time, spread
/// evenly over a window that opens only once all N are pending; then every firing's lateness (the instance's
/// <c>FinishedAt</c> minus its due time) is read from the database. Real <c>caseflow</c> processes, started over HTTP,
/// timers handed out by Hangfire as in production. Target: every timer fires ≤ 1 s after its due time.
/// <code>dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --timers 100000 [--window SECONDS] [--setup sqlite,postgres1,postgres3]</code>
/// </summary>
internal static class TimerBenchmark
{
    public const string DefinitionId = "timer-probe";
    private const int Clients = 32;
    private const int Calibration = 1_000;

    public static async Task<int> RunAsync(int timers, TimeSpan? window, string? only, TextWriter output)
    {
        var span = window ?? TimeSpan.FromSeconds(Math.Max(30, timers / 500.0));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Timer benchmark: {timers:N0} timers per set-up, due over {span.TotalSeconds:0} s ({timers / span.TotalSeconds:0} firings/s), created by {Clients} clients; {Environment.ProcessorCount} logical CPUs"));
        var results = new List<Result>();
        foreach (var setUp in SetUp.Chosen(only, output))
        {
            var name = setUp.Name;
            using var nodes = await Nodes.StartAsync(setUp.Nodes, setUp.Postgres ? await PostgresServer.CreateDatabaseAsync("timers") : null,
                new Dictionary<string, string> { ["timer-probe.json"] = TimerProbe.Definition(DefinitionId) });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: listening after {nodes.StartedIn.TotalSeconds:0.0} s"));
            results.Add(await MeasureAsync(name, nodes, timers, span, output));
        }

        output.WriteLine();
        output.WriteLine("| Set-up | Timers | Created/s | Pending when the window opened | Firings/s due | Lateness min / p50 / p99 / max ms | Later than 1 s | Not fired |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Timers:N0} | {r.CreatedPerSecond:0} | {r.Pending:N0} | {r.Timers / span.TotalSeconds:0} | {r.Min:0} / {r.P50:0} / {r.P99:0} / {r.Max:0} | {r.Late:N0} | {r.Missing:N0} |"));
        }

        return results.All(r => r.Late == 0 && r.Missing == 0) ? 0 : 1;
    }

    private static async Task<Result> MeasureAsync(string name, Nodes nodes, int timers, TimeSpan window, TextWriter output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var addresses = nodes.Addresses.Select(a => a()!).ToArray();
        using var signIn = await http.PostAsJsonAsync(new Uri(addresses[0], "/api/auth/token"), new { username = "owner", password = Nodes.Password });
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        // The creation rate decides when the window may open: every timer must be pending before the first is due.
        var farAway = DateTimeOffset.UtcNow.AddDays(1);
        await StartAllAsync(http, addresses, token, Calibration, _ => farAway); // warms the servers up
        var watch = Stopwatch.StartNew();
        await StartAllAsync(http, addresses, token, Calibration, _ => farAway);
        var rate = Calibration / watch.Elapsed.TotalSeconds;
        var opens = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(timers / rate * 1.3 + 10);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {rate:0} starts/s in calibration; the window opens at {opens:HH:mm:ss} UTC"));

        watch.Restart();
        var dueTimes = Enumerable.Range(0, timers).Select(i => opens + window * i / timers).ToArray();
        await StartAllAsync(http, addresses, token, timers, i => dueTimes[i]);
        var created = timers / watch.Elapsed.TotalSeconds;
        var pending = await ScalarAsync(nodes, "SELECT COUNT(*) FROM \"Bookmarks\" WHERE \"DueAt\" IS NOT NULL");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {timers:N0} timers created in {watch.Elapsed.TotalSeconds:0.0} s ({created:0}/s), {pending:N0} pending, {(opens - DateTimeOffset.UtcNow).TotalSeconds:0.0} s before the window opens"));

        // Done when every probe finished, or 2 min after the window closed.
        var closes = opens + window;
        var finishedSql = $"SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"DefinitionId\" = '{DefinitionId}' AND \"FinishedAt\" IS NOT NULL";
        while (DateTimeOffset.UtcNow < closes + TimeSpan.FromMinutes(2))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (DateTimeOffset.UtcNow > closes && await ScalarAsync(nodes, finishedSql) >= timers)
                break;
        }

        var lateness = await LatenessAsync(nodes);
        var sorted = lateness.Order().ToList();
        var result = new Result(
            name, timers, created, pending,
            sorted.Count == 0 ? 0 : sorted[0], At(sorted, 0.50), At(sorted, 0.99), sorted.Count == 0 ? 0 : sorted[^1],
            sorted.Count(l => l > 1_000), timers - sorted.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {sorted.Count:N0} fired; lateness min {result.Min:0} ms, p50 {result.P50:0} ms, p99 {result.P99:0} ms, max {result.Max:0} ms; {result.Late:N0} later than 1 s"));
        return result;
    }

    private static async Task StartAllAsync(HttpClient http, Uri[] addresses, string token, int count, Func<int, DateTimeOffset> dueAt)
    {
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var due = dueAt(i);
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(addresses[i % addresses.Length], $"/api/workflow-definitions/{DefinitionId}/instances"))
                {
                    Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
                    Content = JsonContent.Create(new
                    {
                        input = new { dueAt = due.ToString("O", CultureInfo.InvariantCulture) },
                        correlationId = "due:" + due.UtcTicks.ToString(CultureInfo.InvariantCulture),
                    }),
                };
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode && Interlocked.Increment(ref failures) == 1)
                    throw new InvalidOperationException($"Starting a timer probe answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
    }

    // Milliseconds from each probe's due time to its instance's finish.
    private static async Task<List<double>> LatenessAsync(Nodes nodes)
    {
        var sql = $"SELECT \"CorrelationId\", \"FinishedAt\" FROM \"WorkflowInstances\" WHERE \"DefinitionId\" = '{DefinitionId}' AND \"FinishedAt\" IS NOT NULL";
        var lateness = new List<double>();
        if (nodes.Postgres is { } postgres)
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                lateness.Add((reader.GetFieldValue<DateTimeOffset>(1) - Due(reader.GetString(0))).TotalMilliseconds);
            return lateness;
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={nodes.SqliteFile};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = sql;
        await using var rows = await query.ExecuteReaderAsync();
        while (await rows.ReadAsync())
            lateness.Add((new DateTimeOffset(rows.GetInt64(1), TimeSpan.Zero) - Due(rows.GetString(0))).TotalMilliseconds);
        return lateness;
    }

    private static DateTimeOffset Due(string correlationId) => new(long.Parse(correlationId["due:".Length..], CultureInfo.InvariantCulture), TimeSpan.Zero);

    private static async Task<long> ScalarAsync(Nodes nodes, string sql)
    {
        if (nodes.Postgres is { } postgres)
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={nodes.SqliteFile};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = sql;
        return Convert.ToInt64(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static double At(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))];

    private sealed record Result(string Name, int Timers, double CreatedPerSecond, long Pending, double Min, double P50, double P99, double Max, int Late, int Missing);
}
