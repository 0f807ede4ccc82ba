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
/// <item>Bare: as many write transactions with Microsoft.Data.Sqlite on a file beside it with the same pragmas, each
/// inserting one row with a payload the size of a stored snapshot, one after the other. More clients would not help
/// the bare side: SQLite takes one writer at a time.</item>
/// </list>
/// All run in the same process after a warm-up of a few seconds each (until the JIT has re-compiled the hot path), first
/// with <c>synchronous=FULL</c> (CaseFlow's default: every commit synced to the disk), then with <c>NORMAL</c>. The
/// one-client figures come from <see cref="Rounds"/> rounds of CaseFlow then bare; the ratio (CaseFlow's commits per
/// second against bare commits per second) is taken within each round and the median reported.
/// </summary>
public static class DurableBenchmark
{
    /// <summary>The share of the bare-transaction rate CaseFlow has to reach with one client (issue 10).</summary>
    public static double TargetRatio(string synchronous) => synchronous == "NORMAL" ? 0.30 : 0.50;

    /// <summary>The p99 of one resume (event lookup, load, run, commit) with one client.</summary>
    public const double TargetResumeP99Ms = 2;

    /// <summary>How long each side warms up before measuring.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);

    /// <summary>Measuring rounds (CaseFlow then bare in each).</summary>
    public const int Rounds = 6;

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

        // Warm-up until the JIT has settled: tiered compilation re-compiles hot methods (tier 1, with dynamic PGO) only
        // after they ran a while, and a short warm-up measured mostly unoptimized code (2,000 instances after 200 of
        // warm-up ran at half the rate of the same code after a few seconds). A server runs for days: its steady state
        // is what counts. Then the same for the page cache and the bare file.
        await WarmUpAsync(runtime, definition, "warm", 1, WarmUp);
        await WarmUpAsync(runtime, definition, "warm-c", Clients, TimeSpan.FromSeconds(1));
        var snapshotBytes = await AverageSnapshotBytesAsync(services);
        var bareFile = Path.Combine(folder, "bare.db");
        var warmUntil = Stopwatch.GetTimestamp() + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmUntil)
            RunBare(bareFile, options.BusyTimeout, 500, snapshotBytes, synchronous);

        // Rounds, CaseFlow and bare in turn, each ratio taken within its round: the bare rate of this machine wanders
        // by ±25 % within a minute with NORMAL and by 2-3x with FULL (the disk's sync time), so two runs a minute apart
        // compare the disk's moods, not the code. The median of the rounds' ratios is the figure.
        timing.Reset();
        var perRound = Math.Max(1, instances / Rounds);

        var rounds = new List<(CaseFlowResult CaseFlow, BareResult Bare)>();
        for (var round = 0; round < Rounds; round++)
        {
            var caseFlowRound = await RunCaseFlowAsync(runtime, definition, perRound, string.Create(CultureInfo.InvariantCulture, $"run{round}"), 1);
            rounds.Add((caseFlowRound, RunBare(bareFile, options.BusyTimeout, caseFlowRound.Commits, snapshotBytes, synchronous)));
        }

        var storeTimes = timing.Totals;
        var caseFlow = CaseFlowResult.Combine(rounds.Select(r => r.CaseFlow).ToList());
        var bareAll = BareResult.Combine(rounds.Select(r => r.Bare).ToList());
        var concurrent = await RunCaseFlowAsync(runtime, definition, instances, "run-c", Clients);
        var bareAfter = RunBare(bareFile, options.BusyTimeout, concurrent.Commits, snapshotBytes, synchronous);
        var ratios = rounds.Select(r => r.CaseFlow.Commits / r.CaseFlow.Elapsed.TotalSeconds / (r.Bare.Transactions / r.Bare.Elapsed.TotalSeconds)).ToList();

        output.WriteLine();
        output.WriteLine(string.Create(culture, $"== Summary: durable execution on SQLite (WAL, synchronous={synchronous}), {Rounds} rounds of CaseFlow then bare, after {WarmUp.TotalSeconds:F0} s of warm-up each"));
        Report(output, "CaseFlow, 1 client", caseFlow);
        Report(output, string.Create(culture, $"CaseFlow, {Clients} clients"), concurrent);
        output.WriteLine(string.Create(culture, $"Bare, 1 client:        {bareAll.Transactions:N0} write transactions ({snapshotBytes:N0}-byte row each) in {bareAll.Elapsed.TotalSeconds:F2} s = {bareAll.Transactions / bareAll.Elapsed.TotalSeconds:N0} transactions/s, p99 {bareAll.P99:F3} ms; rounds {string.Join(", ", rounds.Select(r => (r.Bare.Transactions / r.Bare.Elapsed.TotalSeconds).ToString("N0", culture)))}"));
        var ratio = Median(ratios);
        output.WriteLine(string.Create(culture, $"Ratio, 1 client:     CaseFlow commits/s / bare transactions/s = {ratio:P1} (median of rounds {string.Join(", ", ratios.Select(r => r.ToString("P1", culture)))}; target >= {TargetRatio(synchronous):P0}: {(ratio >= TargetRatio(synchronous) ? "met" : "MISSED")})"));
        var concurrentRatio = concurrent.Commits / concurrent.Elapsed.TotalSeconds / (bareAfter.Transactions / bareAfter.Elapsed.TotalSeconds);
        output.WriteLine(string.Create(culture, $"Ratio, {Clients} clients:   CaseFlow commits/s / bare transactions/s = {concurrentRatio:P1} (bare run right after it)"));
        output.WriteLine(string.Create(culture, $"Resume p99, 1 client: {caseFlow.ResumeP99:F2} ms (target <= {TargetResumeP99Ms:F0} ms: {(caseFlow.ResumeP99 <= TargetResumeP99Ms ? "met" : "MISSED")})"));
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

    private static void Report(TextWriter output, string name, CaseFlowResult run)
    {
        var instances = run.Commits / 2;
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture, $"{name + ":",-22} {instances:N0} instances in {run.Elapsed.TotalSeconds:F2} s = {instances / run.Elapsed.TotalSeconds:N0} instances/s ({run.Commits:N0} commits, {run.Commits / run.Elapsed.TotalSeconds:N0} commits/s)"));
        output.WriteLine(string.Create(culture, $"{"",-22} one start:  p50 {run.StartP50:F2} ms, p99 {run.StartP99:F2} ms"));
        output.WriteLine(string.Create(culture, $"{"",-22} one resume: p50 {run.ResumeP50:F2} ms, p99 {run.ResumeP99:F2} ms (event lookup, load, run, commit)"));
    }

    private static async Task WarmUpAsync(DurableWorkflowRuntime runtime, Workflows.Definitions.WorkflowDefinition definition, string prefix, int clients, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var batch = 0; Stopwatch.GetTimestamp() < until; batch++)
            await RunCaseFlowAsync(runtime, definition, 100, string.Create(CultureInfo.InvariantCulture, $"{prefix}{batch}"), clients);
    }

    private static async Task<CaseFlowResult> RunCaseFlowAsync(DurableWorkflowRuntime runtime, Workflows.Definitions.WorkflowDefinition definition, int instances, string prefix, int clients)
    {
        var starts = new double[instances];
        var resumes = new double[instances];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() => RunClientAsync(runtime, definition, instances, prefix, client, clients, starts, resumes))));
        total.Stop();
        return new CaseFlowResult(total.Elapsed, instances * 2, starts, resumes);
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
        return new BareResult(total.Elapsed, transactions, times);
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

    private static double Median(IReadOnlyList<double> values) => Percentile([.. values], 0.5);

    private sealed record CaseFlowResult(TimeSpan Elapsed, int Commits, double[] Starts, double[] Resumes)
    {
        public double StartP50 => Percentile(Starts, 0.50);
        public double StartP99 => Percentile(Starts, 0.99);
        public double ResumeP50 => Percentile(Resumes, 0.50);
        public double ResumeP99 => Percentile(Resumes, 0.99);

        public static CaseFlowResult Combine(IReadOnlyList<CaseFlowResult> runs) =>
            new(TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)), runs.Sum(r => r.Commits), [.. runs.SelectMany(r => r.Starts)], [.. runs.SelectMany(r => r.Resumes)]);
    }

    private sealed record BareResult(TimeSpan Elapsed, int Transactions, double[] Times)
    {
        public double P99 => Percentile(Times, 0.99);

        public static BareResult Combine(IReadOnlyList<BareResult> runs) =>
            new(TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)), runs.Sum(r => r.Transactions), [.. runs.SelectMany(r => r.Times)]);
    }

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
