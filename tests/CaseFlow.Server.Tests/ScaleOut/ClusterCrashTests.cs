using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Xunit.Abstractions;

namespace CaseFlow.Server.Tests.ScaleOut;

/// <summary>
/// Proof under load and crashes, on real processes: complaints driven over HTTP from intake to archive (every task,
/// the follow-up timer, the survey) while a node is killed with SIGKILL and started again. Afterwards, from the
/// database: every complaint filed once and archived, each notification and survey made once and sent, every journal
/// step once, one follow-up per complaint (its timer fired once). Nothing waits for a fixed time: the kill comes when
/// a share of the complaints was filed, and every wait is for a condition, with a deadline that only bounds it.
/// </summary>
/// <remarks>
/// <c>CASEFLOW_CLUSTER_COMPLAINTS</c> sets how many complaints (default 2,000, what CI runs).
/// </remarks>
[Collection(HostCollection.Name)]
public sealed class ClusterCrashTests(ITestOutputHelper output)
{
    private static readonly int Complaints = int.TryParse(Environment.GetEnvironmentVariable("CASEFLOW_CLUSTER_COMPLAINTS"), CultureInfo.InvariantCulture, out var n) ? n : 2000;

    [PostgresFact]
    public async Task ThreeNodesOnPostgres_OneKilledAndRestartedMidLoad_EveryComplaintReachesItsArchiveOnce()
    {
        using var cluster = await Cluster.StartPostgresAsync(3);
        await RunAsync(cluster, killNode: 1, parallel: 24);
    }

    [Fact]
    public async Task OneSqliteNode_KilledAndRestartedMidLoad_EveryComplaintReachesItsArchiveOnce()
    {
        using var cluster = await Cluster.StartSqliteAsync();
        await RunAsync(cluster, killNode: 0, parallel: 16);
    }

    [PostgresFact]
    public async Task AHundredConcurrentCompletionsOfOneTask_SpreadOverThreeNodes_ExactlyOneSucceeds()
    {
        using var cluster = await Cluster.StartPostgresAsync(3);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
            tokens.Add(await TokenAsync(http, cluster.Address(i)!, "agent"));
        var filed = await http.SendAsync(Authorized(HttpMethod.Post, new Uri(cluster.Address(0)!, "/api/cases"), tokens[0],
            new { type = "complaint", channel = "phone", customer = new { name = "Zhao Lei", phone = "+1 555 0100200" }, description = "Billed twice." }));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var caseId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string? taskId = null;
        await Wait.UntilAsync(async () =>
        {
            var page = await (await http.SendAsync(Authorized(HttpMethod.Get, new Uri(cluster.Address(1)!, $"/api/tasks?view=available&caseId={caseId}"), tokens[1]))).Content.ReadFromJsonAsync<JsonElement>();
            taskId = page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()).FirstOrDefault();
            return taskId is not null;
        }, TimeSpan.FromSeconds(60), "the classify task was handed out");

        // All at once, a third to each node; the barrier holds them until every request is ready to go.
        using var barrier = new Barrier(100);
        var attempts = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            var request = Authorized(HttpMethod.Post, new Uri(cluster.Address(i % 3)!, $"/api/tasks/{taskId}/complete"), tokens[i % 3], new { outcome = "Classified", data = new { category = "price" } });
            barrier.SignalAndWait();
            return (await http.SendAsync(request)).StatusCode;
        })).ToList();
        var outcomes = await Task.WhenAll(attempts);

        output.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{(int)g.Key}: {g.Count()}")));
        if (outcomes.Any(o => o == HttpStatusCode.InternalServerError))
            output.WriteLine(string.Join("\n----\n", Enumerable.Range(0, 3).Select(cluster.Output)));
        Assert.Equal(1, outcomes.Count(o => o == HttpStatusCode.OK));
        Assert.All(outcomes.Where(o => o != HttpStatusCode.OK), o => Assert.Equal(HttpStatusCode.Conflict, o));
        // The workflow moved on once: one next task (it is handed out after the completion's answer, so wait for it).
        var nextTasks = $"SELECT COUNT(*) FROM \"CaseTasks\" WHERE \"CaseId\" = '{caseId}' AND \"ActivityId\" = 'initialHandling'";
        await Wait.UntilAsync(async () => await cluster.ScalarAsync(nextTasks) > 0, TimeSpan.FromSeconds(60), "the next task was handed out");
        Assert.Equal(1, await cluster.ScalarAsync(nextTasks));
        Assert.Equal(0, await RepeatedJournalStepsAsync(cluster));
    }

    private async Task RunAsync(Cluster cluster, int killNode, int parallel)
    {
        var watch = Stopwatch.StartNew();
        output.WriteLine($"{cluster.Count} node(s) listening after {cluster.StartedIn.TotalSeconds:0.0} s");
        using var driver = new ComplaintDriver(cluster.Addresses, Cluster.Password, cluster.LinkKey, cluster.SurveyOfAsync);
        await driver.SignInAsync();

        // The kill: once a third of the complaints were filed (many tasks, timers and surveys in flight on every node).
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var killAt = Complaints / 3;
        var crash = Task.Run(async () =>
        {
            await killed.Task;
            cluster.Kill(killNode);
            output.WriteLine($"killed node {killNode} at {watch.Elapsed.TotalSeconds:0.0} s with {driver.Cases.Count} complaints filed");
            await cluster.StartAsync(killNode);
            output.WriteLine($"node {killNode} listened again at {watch.Elapsed.TotalSeconds:0.0} s");
        });
        try
        {
            await driver.RunAsync(Complaints, parallel, filed =>
            {
                if (filed + 1 >= killAt)
                    killed.TrySetResult();
                return Task.CompletedTask;
            });
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            output.WriteLine(await DescribeStuckAsync(cluster));
            throw;
        }
        killed.TrySetResult();
        await crash;
        output.WriteLine($"{Complaints} complaints worked and their surveys answered at {watch.Elapsed.TotalSeconds:0.0} s ({driver.Retries} requests sent again, {driver.LostAnswers} lost answers)");

        await Wait.UntilAsync(async () => await cluster.ScalarAsync("SELECT COUNT(*) FROM \"Cases\" WHERE \"Type\" = 'Complaint' AND \"Status\" = 'Archived'") == Complaints,
            TimeSpan.FromMinutes(5), $"all {Complaints} complaints were archived");
        await Wait.UntilAsync(async () => await cluster.ScalarAsync("SELECT COUNT(*) FROM \"Notifications\" WHERE \"Status\" <> 'Sent'") == 0,
            TimeSpan.FromMinutes(2), "every notification was sent");
        output.WriteLine($"all archived at {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(Complaints, await cluster.ScalarAsync("SELECT COUNT(*) FROM \"Cases\" WHERE \"Type\" = 'Complaint'"));
        Assert.Equal(Complaints, await cluster.ScalarAsync("SELECT COUNT(DISTINCT \"CaseId\") FROM \"Surveys\" WHERE \"Status\" = 'Answered'"));
        Assert.Equal(Complaints, await cluster.ScalarAsync("SELECT COUNT(*) FROM \"Surveys\""));
        Assert.Equal(Complaints, await cluster.ScalarAsync("SELECT COUNT(*) FROM \"Notifications\" WHERE \"IdempotencyKey\" LIKE 'survey-invite:%'"));
        // Each follow-up task stands for its timer having fired and resumed the workflow: one per complaint, never two.
        Assert.Equal(Complaints, await cluster.ScalarAsync("SELECT COUNT(*) FROM \"CaseTasks\" WHERE \"ActivityId\" = 'followUp'"));
        Assert.Equal(Complaints, await cluster.ScalarAsync("SELECT COUNT(DISTINCT \"CaseId\") FROM \"CaseTasks\" WHERE \"ActivityId\" = 'followUp'"));
        Assert.Equal(0, await cluster.ScalarAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"DefinitionId\" = 'complaint-handling' AND \"Status\" <> 'Finished'"));
        Assert.Equal(0, await RepeatedJournalStepsAsync(cluster));
        if (cluster.PostgresConnectionString is not null)
        {
            // The follow-up timers went through Hangfire one job per second of due times (a few, near the crash, through
            // jobs of their own or the sweep).
            var seconds = await cluster.ScalarAsync("SELECT COUNT(*) FROM hangfire.job WHERE invocationdata::text LIKE '%TimerBucketJob%' AND statename = 'Succeeded'");
            var ownJobs = await cluster.ScalarAsync("SELECT COUNT(*) FROM hangfire.job WHERE invocationdata::text LIKE '%FireAtAsync%'");
            output.WriteLine($"timers: {seconds} per-second jobs ran, {ownJobs} timers had a job of their own");
            Assert.True(seconds > 0, "the follow-ups' timers went through per-second jobs");
            Assert.True(ownJobs < Complaints / 2, $"{ownJobs} of {Complaints} follow-up timers had a job of their own");
        }

        var attempted = await cluster.ScalarAsync("SELECT COUNT(*) FROM \"Notifications\" WHERE \"Attempts\" > 1");
        output.WriteLine($"notifications: {await cluster.ScalarAsync("SELECT COUNT(*) FROM \"Notifications\"")}, of which {attempted} needed a second attempt (a node killed between sending and recording it: the idempotency key goes with it)");
        Report(driver);
    }

    // What a complaint that did not move on waits for: its instance, bookmarks, incidents and undelivered messages.
    private static async Task<string> DescribeStuckAsync(Cluster cluster)
    {
        var lines = new List<string>();
        await using var connection = await cluster.OpenDatabaseAsync();
        foreach (var sql in new[]
        {
            "SELECT i.\"Id\" || ' ' || i.\"Status\" || '/' || i.\"SubStatus\" || ' incidents ' || i.\"IncidentCount\" FROM \"WorkflowInstances\" i JOIN \"Cases\" c ON c.\"WorkflowInstanceId\" = i.\"Id\" WHERE c.\"Type\" = 'Complaint' AND c.\"Status\" <> 'Archived' AND c.\"Id\" NOT IN (SELECT \"CaseId\" FROM \"CaseTasks\" WHERE \"Status\" = 'Open') LIMIT 5",
            "SELECT b.\"InstanceId\" || ' waits at ' || b.\"ActivityId\" || ' (' || b.\"Name\" || ') due ' || COALESCE(CAST(b.\"DueAt\" AS TEXT), '-') FROM \"Bookmarks\" b JOIN \"Cases\" c ON c.\"WorkflowInstanceId\" = b.\"InstanceId\" WHERE c.\"Status\" <> 'Archived' AND c.\"Id\" NOT IN (SELECT \"CaseId\" FROM \"CaseTasks\" WHERE \"Status\" = 'Open') LIMIT 20",
            "SELECT \"InstanceId\" || ' incident at ' || \"ActivityId\" || ': ' || \"Message\" FROM \"Incidents\" LIMIT 10",
            "SELECT \"Kind\" || ' undelivered for ' || \"InstanceId\" FROM \"OutboxMessages\" WHERE \"DispatchedAt\" IS NULL LIMIT 20",
            "SELECT t.\"CaseId\" || ' task ' || t.\"ActivityId\" || ' ' || t.\"Status\" FROM \"CaseTasks\" t JOIN \"Cases\" c ON c.\"Id\" = t.\"CaseId\" WHERE c.\"Status\" <> 'Archived' AND c.\"Id\" NOT IN (SELECT \"CaseId\" FROM \"CaseTasks\" WHERE \"Status\" = 'Open') ORDER BY t.\"CaseId\", t.\"CreatedAt\" LIMIT 30",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                lines.Add(reader.IsDBNull(0) ? "(null)" : reader.GetString(0));
            lines.Add("--");
        }

        return string.Join("\n", lines);
    }

    // Bursts of one instance whose sequence ranges overlap: a journal step written twice.
    private static Task<long> RepeatedJournalStepsAsync(Cluster cluster) => cluster.ScalarAsync(
        "SELECT COUNT(*) FROM (SELECT \"FirstSequence\", LAG(\"LastSequence\") OVER (PARTITION BY \"InstanceId\" ORDER BY \"FirstSequence\") AS \"Previous\" FROM \"JournalBursts\") b WHERE b.\"Previous\" >= b.\"FirstSequence\"");

    private void Report(ComplaintDriver driver)
    {
        foreach (var (kind, samples) in driver.Latencies.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var sorted = samples.Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: {sorted.Count} requests, p50 {sorted[sorted.Count / 2]:0.0} ms, p99 {sorted[Math.Min(sorted.Count - 1, sorted.Count * 99 / 100)]:0.0} ms"));
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, Uri node, string user)
    {
        var response = await http.PostAsJsonAsync(new Uri(node, "/api/auth/token"), new { username = user, password = Cluster.Password });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, Uri uri, string token, object? body = null) => new(method, uri)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        Content = body is null ? null : JsonContent.Create(body),
    };
}
