using System.Diagnostics;
using System.Globalization;
using CaseFlow.Cases;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CaseFlow.Benchmarks.Durability;

/// <summary>
/// <c>--durable [N]</c>: persisted workflows on a SQLite file against the physical limit of that file.
/// <list type="bullet">
/// <item>CaseFlow: N instances of a small workflow (WriteLine, wait for an event, WriteLine), each started
/// (commit 1: suspended on its bookmark) and resumed by a correlated event (commit 2: finished), through the real
/// stack (DurableWorkflowRuntime, EF Core stores, CaseFlow's pragmas), twice: by one client, one instance after the
/// other (the latency-bound case), and by <see cref="Clients"/> concurrent clients, as Hangfire's workers and HTTP
/// requests drive a server (bursts that meet at the writer share a transaction: group commit).</item>
/// <item>Bare: the same number of write transactions (2 N) with Microsoft.Data.Sqlite on a file beside it with the
/// same pragmas, each inserting one row with a payload the size of a stored snapshot, one after the other (the
/// faster of two runs). More clients would not help the bare side: SQLite takes one writer at a time.</item>
/// </list>
/// All run in the same process, one after the other, after a warm-up of each; first with <c>synchronous=FULL</c>
/// (CaseFlow's default: every commit synced to the disk), then with <c>NORMAL</c>. The ratio compares transactions
/// per second: CaseFlow's commits against bare commits.
/// </summary>
public static class DurableBenchmark
{
    /// <summary>CaseFlow has to reach this share of the bare-transaction rate.</summary>
    public const double TargetRatio = 0.5;

    /// <summary>Concurrent clients of the second CaseFlow run (Hangfire's default worker count is 20).</summary>
    public const int Clients = 16;

    private const string DefinitionId = "bench-wait-event";

    public static int Run(int instances, TextWriter output, IReadOnlyList<string>? modes = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var folder = Path.Combine(Path.GetTempPath(), $"caseflow-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            return RunAsync(folder, instances, output, modes ?? ["FULL", "NORMAL"]).GetAwaiter().GetResult();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // FULL is CaseFlow's default: an fsync per commit on both sides, the disk's physical limit for durable transactions.
    // NORMAL has no fsync per commit: the limit is the CPU (SQLite's page writes on the bare side; engine, JSON and rows on CaseFlow's).
    private static async Task<int> RunAsync(string folder, int instances, TextWriter output, IReadOnlyList<string> modes)
    {
        for (var i = 0; i < modes.Count; i++)
        {
            if (i > 0)
                output.WriteLine();
            await RunModeAsync(folder, instances, modes[i], output);
        }

        return 0;
    }

    private static async Task RunModeAsync(string folder, int instances, string synchronous, TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture, $"Durable mode, synchronous={synchronous}: {instances:N0} instances (start -> suspend on an event -> resume -> finish), SQLite file in {Path.GetTempPath()}, {Environment.ProcessorCount} logical CPUs, {Environment.Version}"));
        folder = Path.Combine(folder, synchronous.ToLowerInvariant());

        var collection = new ServiceCollection().AddCaseFlowCases(o =>
        {
            o.DataDirectory = Path.Combine(folder, "caseflow");
            o.Synchronous = synchronous;
        });
        collection.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore>(sp => new TimingStore(sp.GetRequiredService<EfWorkflowInstanceStore>())));
        await using var services = collection.BuildServiceProvider();
        var timing = (TimingStore)services.GetRequiredService<IWorkflowInstanceStore>();
        await services.MigrateCaseFlowDatabaseAsync();
        var workflows = Directory.CreateDirectory(Path.Combine(folder, "workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "bench.json"), WorkflowJson);
        var import = await services.GetRequiredService<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(workflows));
        if (import.Errors.Count > 0)
            throw new InvalidOperationException(import.Errors[0].Message);
        var runtime = services.GetRequiredService<DurableWorkflowRuntime>();
        var definition = (await services.GetRequiredService<EfWorkflowDefinitionStore>().FindAsync(DefinitionId, VersionSelector.PublishedVersion))!;
        var options = services.GetRequiredService<IOptions<CaseFlowDatabaseOptions>>().Value;

        // Warm-up: JIT, EF model and compiled queries, the definition cache, SQLite page cache.
        await RunCaseFlowAsync(runtime, definition, Math.Max(50, instances / 10), "warm", 1);
        await RunCaseFlowAsync(runtime, definition, Math.Max(50, instances / 10), "warm-c", Clients);
        timing.Reset();
        var caseFlow = await RunCaseFlowAsync(runtime, definition, instances, "run", 1);
        var storeTimes = timing.Totals;
        var concurrent = await RunCaseFlowAsync(runtime, definition, instances, "run-c", Clients);
        var snapshotBytes = await AverageSnapshotBytesAsync(services);

        var bareFile = Path.Combine(folder, "bare.db");
        var transactions = caseFlow.Commits;
        RunBare(bareFile, options.BusyTimeout, Math.Max(100, transactions / 10), snapshotBytes, synchronous);
        // The faster of two runs: a disk's sync time wanders, and the ratio should not flatter CaseFlow when it does.
        var bare = new[] { RunBare(bareFile, options.BusyTimeout, transactions, snapshotBytes, synchronous), RunBare(bareFile, options.BusyTimeout, transactions, snapshotBytes, synchronous) }.MinBy(r => r.Elapsed)!;

        var bareTps = transactions / bare.Elapsed.TotalSeconds;
        output.WriteLine();
        output.WriteLine(string.Create(culture, $"== Summary: durable execution on SQLite (WAL, synchronous={synchronous})"));
        Report(output, "CaseFlow, 1 client", instances, caseFlow);
        Report(output, string.Create(culture, $"CaseFlow, {Clients} clients"), instances, concurrent);
        output.WriteLine(string.Create(culture, $"Bare, 1 client:        {transactions:N0} write transactions ({snapshotBytes:N0}-byte row each) in {bare.Elapsed.TotalSeconds:F2} s = {bareTps:N0} transactions/s, p99 {bare.P99:F3} ms"));
        foreach (var (name, run) in new[] { ("1 client", caseFlow), (string.Create(culture, $"{Clients} clients"), concurrent) })
        {
            var ratio = run.Commits / run.Elapsed.TotalSeconds / bareTps;
            output.WriteLine(string.Create(culture, $"Ratio, {name + ":",-12} CaseFlow commits/s / bare transactions/s = {ratio:P1} (target >= {TargetRatio:P0}: {(ratio >= TargetRatio ? "met" : "MISSED")})"));
        }
        output.WriteLine();
        output.WriteLine("Where CaseFlow's time goes with 1 client (store calls; the rest is the engine, snapshot (de)serialization and the runtime):");
        var storeTotal = TimeSpan.Zero;
        foreach (var (name, (time, calls)) in storeTimes.OrderByDescending(t => t.Value.Total))
        {
            storeTotal += time;
            output.WriteLine(string.Create(culture, $"  {name,-24} {calls,7:N0} calls {time.TotalMilliseconds / calls,8:F3} ms/call {time / caseFlow.Elapsed,7:P1} of the run"));
        }

        output.WriteLine(string.Create(culture, $"  {"outside the store",-24} {"",7} {"",5} {"",8} {"",7} {(caseFlow.Elapsed - storeTotal) / caseFlow.Elapsed,7:P1} of the run"));
    }

    private static void Report(TextWriter output, string name, int instances, CaseFlowResult run)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture, $"{name + ":",-22} {instances:N0} instances in {run.Elapsed.TotalSeconds:F2} s = {instances / run.Elapsed.TotalSeconds:N0} instances/s ({run.Commits:N0} commits, {run.Commits / run.Elapsed.TotalSeconds:N0} commits/s)"));
        output.WriteLine(string.Create(culture, $"{"",-22} one start:  p50 {run.StartP50:F2} ms, p99 {run.StartP99:F2} ms"));
        output.WriteLine(string.Create(culture, $"{"",-22} one resume: p50 {run.ResumeP50:F2} ms, p99 {run.ResumeP99:F2} ms (event lookup, load, run, commit)"));
    }

    private static async Task<CaseFlowResult> RunCaseFlowAsync(DurableWorkflowRuntime runtime, Workflows.Definitions.WorkflowDefinition definition, int instances, string prefix, int clients)
    {
        var starts = new double[instances];
        var resumes = new double[instances];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() => RunClientAsync(runtime, definition, instances, prefix, client, clients, starts, resumes))));
        total.Stop();
        return new CaseFlowResult(total.Elapsed, instances * 2, Percentile(starts, 0.50), Percentile(starts, 0.99), Percentile(resumes, 0.50), Percentile(resumes, 0.99));
    }

    private static async Task RunClientAsync(DurableWorkflowRuntime runtime, Workflows.Definitions.WorkflowDefinition definition, int instances, string prefix, int client, int clients, double[] starts, double[] resumes)
    {
        for (var i = client; i < instances; i += clients)
        {
            var correlation = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}");
            var started = Stopwatch.GetTimestamp();
            var state = await runtime.StartAsync(definition, new StartWorkflowOptions { CorrelationId = correlation });
            var suspended = Stopwatch.GetTimestamp();
            var resumed = await runtime.PublishEventAsync("Go", correlation);
            var finished = Stopwatch.GetTimestamp();
            if (state.SubStatus != WorkflowSubStatus.Suspended || resumed != 1)
                throw new InvalidOperationException($"instance {state.Id}: {state.SubStatus}, resumed {resumed}");
            starts[i] = Stopwatch.GetElapsedTime(started, suspended).TotalMilliseconds;
            resumes[i] = Stopwatch.GetElapsedTime(suspended, finished).TotalMilliseconds;
        }
    }

    private static BareResult RunBare(string file, TimeSpan busyTimeout, int transactions, int payloadBytes, string synchronous = "NORMAL")
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;"));
        Execute(connection, "CREATE TABLE IF NOT EXISTS Bare (Id TEXT NOT NULL PRIMARY KEY, Revision INTEGER NOT NULL, Body TEXT NOT NULL)");
        var body = new string('x', payloadBytes);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Bare (Id, Revision, Body) VALUES ($id, 1, $body)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$body", body);
        var times = new double[transactions];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < transactions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (var transaction = connection.BeginTransaction())
            {
                insert.Transaction = transaction;
                id.Value = Guid.NewGuid().ToString("N");
                insert.ExecuteNonQuery();
                transaction.Commit();
            }

            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        total.Stop();
        return new BareResult(total.Elapsed, Percentile(times, 0.99));
    }

    private static async Task<int> AverageSnapshotBytesAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CaseFlowDbContext>>().CreateDbContextAsync();
        var lengths = db.WorkflowInstances.Select(i => i.Snapshot.Length).Take(1000).ToList();
        return lengths.Count == 0 ? 1024 : (int)lengths.Average();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private sealed record CaseFlowResult(TimeSpan Elapsed, int Commits, double StartP50, double StartP99, double ResumeP50, double ResumeP99);

    private sealed record BareResult(TimeSpan Elapsed, double P99);

    private const string WorkflowJson = """
        {
          "id": "bench-wait-event-v1",
          "definitionId": "bench-wait-event",
          "name": "Benchmark: wait for an event",
          "version": 1,
          "isLatest": true,
          "isPublished": true,
          "root": {
            "id": "fc",
            "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "hello", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "waiting" } } },
              { "id": "go", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } },
              { "id": "bye", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "done" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "hello", "port": "In" } },
              { "source": { "activity": "hello", "port": "Done" }, "target": { "activity": "go", "port": "In" } },
              { "source": { "activity": "go", "port": "Done" }, "target": { "activity": "bye", "port": "In" } }
            ]
          }
        }
        """;
}
