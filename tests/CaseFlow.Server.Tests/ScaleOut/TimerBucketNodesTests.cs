using System.Globalization;
using System.Net.Http.Json;
using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Npgsql;

namespace CaseFlow.Server.Tests.ScaleOut;

/// <summary>
/// Timers on PostgreSQL go to Hangfire one job per second of due times: with two nodes each scheduling the seconds of
/// the timers it committed, one job per second holds that second's timers, every timer fires once, on or after its
/// due time, and no timer has a job of its own.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TimerBucketNodesTests : IDisposable
{
    private const int Timers = 40;
    private readonly TempDirectory _temp = new();
    private readonly List<ProgramHost> _nodes = [];

    [PostgresFact]
    public async Task TimersCommittedOnTwoNodes_AreHeldByOneJobPerSecond_AndEachFiresOnce_NotBeforeItsDueTime()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var workflows = _temp.Sub("workflows");
        Directory.CreateDirectory(workflows);
        await File.WriteAllTextAsync(Path.Combine(workflows, "bucket-probe.json"), TimerProbe.Definition("bucket-probe"));
        var a = StartNode("a", connectionString, workflows);
        var b = StartNode("b", connectionString, workflows);
        using var ownerA = await a.ClientAsync("owner");
        using var ownerB = await b.ClientAsync("owner");

        // Beyond the horizon, spread over three seconds; alternately on each node, so both schedule every second.
        var first = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + new WorkflowJobOptions().TimerBucketHorizon).ToUnixTimeSeconds() + 4);
        var due = Enumerable.Range(0, Timers).Select(i => first + TimeSpan.FromMilliseconds(i * 3_000.0 / Timers)).ToArray();
        for (var i = 0; i < Timers; i++)
        {
            var api = i % 2 == 0 ? ownerA : ownerB;
            using var started = await api.PostAsJsonAsync("/api/workflow-definitions/bucket-probe/instances",
                new { input = new { dueAt = due[i].ToString("O", CultureInfo.InvariantCulture) }, correlationId = "probe-" + i });
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        }

        Assert.True(DateTimeOffset.UtcNow < first - new WorkflowJobOptions().TimerBucketLead, "the probes were started before their buckets' jobs run");
        await Wait.UntilAsync(async () => await ScalarAsync(connectionString, """SELECT COUNT(*) FROM "WorkflowInstances" WHERE "FinishedAt" IS NOT NULL""") == Timers,
            CaseApi.Patience + TimeSpan.FromSeconds(15), "every probe fired");

        // Each fired on or after its due time (the correlation id says which), once.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("""SELECT "CorrelationId", "FinishedAt" FROM "WorkflowInstances" """, connection);
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                var index = int.Parse(rows.GetString(0)["probe-".Length..], CultureInfo.InvariantCulture);
                var finished = rows.GetFieldValue<DateTimeOffset>(1);
                Assert.True(finished >= due[index], $"probe {index} fired at {finished:O}, due {due[index]:O}");
            }
        }

        // One node's job held each second: the other node's job for the same second found the claim. Without the claim
        // both would hold the second's timers.
        Assert.Equal(Timers, a.Get<TimerHolds>().Total + b.Get<TimerHolds>().Total);
        Assert.Equal(0, await ScalarAsync(connectionString, """SELECT COUNT(*) FROM hangfire.job WHERE invocationdata::text LIKE '%FireAtAsync%'"""));
        var secondJobs = await ScalarAsync(connectionString, """SELECT COUNT(*) FROM hangfire.job WHERE invocationdata::text LIKE '%TimerBucketJob%'""");
        Assert.InRange(secondJobs, 3, 2 * 4);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private ProgramHost StartNode(string name, string connectionString, string workflows)
    {
        var node = ProgramHost.Start(_temp.Sub(name), workflows, settings: PostgresNodesTests.PostgresSettings(connectionString));
        _nodes.Add(node);
        return node;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
            node.Dispose();
        _temp.Dispose();
    }
}
