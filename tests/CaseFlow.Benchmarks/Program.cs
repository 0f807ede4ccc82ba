using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CaseFlow.Benchmarks;

/// <summary>
/// Benchmarks of the workflow interpreter.
/// <code>
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --filter '*'   # BenchmarkDotNet, then a summary table
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --quick        # 2-second Stopwatch loops per case
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --quick 5      # 5-second loops
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --alloc        # sampled allocations by type
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --durable      # persisted instances on SQLite vs bare transactions
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --durable 5000 # with 5,000 instances (default 2,000)
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --durable --sync NORMAL # one synchronous mode only (FULL, then NORMAL by default)
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --engines      # a sandboxed JavaScript engine's build time and memory vs bare Jint
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --inbox        # inbox pages at 1,000,000 tasks, 100,000 open (--inbox TASKS OPEN; --plans prints SQLite's query plans)
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --heatmap      # the activity heatmap over 5,000 runs of one version (--heatmap RUNS)
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --load         # complaints over HTTP on SQLite, 1 and 3 PostgreSQL nodes (--load COMPLAINTS, default 500; --clients N, default 32; --setup as for --timers)
/// dotnet run -c Release --project tests/CaseFlow.Benchmarks -- --timers       # 100,000 pending timers, each one's lateness (--timers N, --window SECONDS, --setup sqlite,postgres1,postgres3: a comma-separated choice)
/// </code>
/// BenchmarkDotNet runs in process (InProcessEmitToolchain): it builds no generated project, so nothing is built
/// outside the build lock while others edit the engine, and a run takes under a minute on a 2-core machine.
/// </summary>
public static class Program
{
    /// <summary>The bar the interpreter has to clear: ten-activity workflows per second on one core.</summary>
    public const double TargetTenActivityWorkflowsPerSecond = 50_000;

    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = Array.FindIndex(args, a => a is "--quick" or "-q");
        if (quick >= 0)
        {
            var seconds = quick + 1 < args.Length && double.TryParse(args[quick + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Quick mode: {seconds:0.#} s per case, single thread, {Environment.ProcessorCount} logical CPUs, {Environment.Version}"));
            var results = QuickBenchmark.Run(TimeSpan.FromSeconds(seconds), Console.Out);
            PrintSummary("Quick mode (Stopwatch loop)", results);
            return 0;
        }

        var durable = Array.IndexOf(args, "--durable");
        if (durable >= 0)
        {
            var instances = durable + 1 < args.Length && int.TryParse(args[durable + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2000;
            var sync = Array.IndexOf(args, "--sync");
            var modes = sync >= 0 && sync + 1 < args.Length ? [args[sync + 1].ToUpperInvariant()] : new[] { "FULL", "NORMAL" };
            return Durability.DurableBenchmark.Run(instances, Console.Out, modes);
        }

        var load = Array.IndexOf(args, "--load");
        if (load >= 0)
        {
            var complaints = load + 1 < args.Length && int.TryParse(args[load + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c > 0 ? c : 500;
            var clientsAt = Array.IndexOf(args, "--clients");
            var clients = clientsAt >= 0 && clientsAt + 1 < args.Length && int.TryParse(args[clientsAt + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : 32;
            var setupAt = Array.IndexOf(args, "--setup");
            return Load.LoadBenchmark.RunAsync(complaints, clients, setupAt >= 0 && setupAt + 1 < args.Length ? args[setupAt + 1] : null, Console.Out).GetAwaiter().GetResult();
        }

        var timers = Array.IndexOf(args, "--timers");
        if (timers >= 0)
        {
            var count = timers + 1 < args.Length && int.TryParse(args[timers + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100_000;
            var windowAt = Array.IndexOf(args, "--window");
            TimeSpan? window = windowAt >= 0 && windowAt + 1 < args.Length && double.TryParse(args[windowAt + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0 ? TimeSpan.FromSeconds(w) : null;
            var setupAt = Array.IndexOf(args, "--setup");
            var only = setupAt >= 0 && setupAt + 1 < args.Length ? args[setupAt + 1] : null;
            return Load.TimerBenchmark.RunAsync(count, window, only, Console.Out).GetAwaiter().GetResult();
        }

        var inbox = Array.IndexOf(args, "--inbox");
        if (inbox >= 0)
        {
            var tasks = inbox + 1 < args.Length && int.TryParse(args[inbox + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && t > 0 ? t : 1_000_000;
            var open = inbox + 2 < args.Length && int.TryParse(args[inbox + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) && o > 0 ? o : tasks / 10;
            return Inbox.InboxBenchmark.RunAsync(tasks, open, Console.Out, plans: Array.IndexOf(args, "--plans") >= 0).GetAwaiter().GetResult();
        }

        var heatmap = Array.IndexOf(args, "--heatmap");
        if (heatmap >= 0)
        {
            var runs = heatmap + 1 < args.Length && int.TryParse(args[heatmap + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 5_000;
            return Heatmap.HeatmapBenchmark.RunAsync(runs, Console.Out).GetAwaiter().GetResult();
        }

        if (Array.IndexOf(args, "--engines") >= 0)
        {
            Engines.EngineBenchmark.Run(Console.Out);
            return 0;
        }

        var alloc = Array.IndexOf(args, "--alloc");
        if (alloc >= 0)
        {
            var seconds = alloc + 1 < args.Length && double.TryParse(args[alloc + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 3;
            AllocationProfile.Run(TimeSpan.FromSeconds(seconds), top: 15, Console.Out);
            return 0;
        }

        var job = Job.Default.WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job.AsDefault());
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
        var measured = summaries.SelectMany(ToResults).ToList();
        if (measured.Count > 0)
            PrintSummary("BenchmarkDotNet", measured);
        foreach (var failed in summaries.SelectMany(s => s.BenchmarksCases.Where(c => s[c]?.ResultStatistics is null)))
            Console.WriteLine($"Not measured (the log above says why): {failed.DisplayInfo}");
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static IEnumerable<CaseResult> ToResults(Summary summary)
    {
        var workflows = BenchmarkWorkflows.All().ToDictionary(w => w.Key, StringComparer.Ordinal);
        foreach (var report in summary.Reports)
        {
            var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            if (report.ResultStatistics is not { } statistics || !workflows.TryGetValue(method, out var workflow))
                continue;
            var journal = report.BenchmarkCase.Parameters["Journal"] is true;
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            yield return new CaseResult(workflow.Key, workflow.Label, journal, workflow.ActivityCount, statistics.Mean, bytes);
        }
    }

    private static void PrintSummary(string title, IReadOnlyList<CaseResult> results)
    {
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"== Summary: {title}");
        Console.WriteLine(string.Create(culture, $"{"Workflow",-40} {"Journal",-7} {"Mean",12} {"Workflows/s",12} {"Allocated",12} {"Per activity",13}"));
        foreach (var r in results.OrderBy(r => r.ActivityCount).ThenByDescending(r => r.Journal))
        {
            Console.WriteLine(string.Create(culture,
                $"{r.Label,-40} {(r.Journal ? "on" : "off"),-7} {FormatTime(r.MeanNanoseconds),12} {r.WorkflowsPerSecond,12:N0} {FormatBytes(r.BytesPerOperation),12} {FormatBytes(r.BytesPerActivity),13}"));
        }

        Console.WriteLine();
        foreach (var r in results.OrderBy(r => r.ActivityCount).ThenByDescending(r => r.Journal))
        {
            Console.WriteLine(string.Create(culture,
                $"{r.Label} (journal {(r.Journal ? "on" : "off")}): {r.WorkflowsPerSecond:N0} workflows/s, {FormatBytes(r.BytesPerActivity)}/activity"));
        }

        var ten = results.Where(r => r.Key == BenchmarkWorkflows.TenKey).ToList();
        if (ten.Count > 0)
        {
            var best = ten.Max(r => r.WorkflowsPerSecond);
            var withJournal = ten.FirstOrDefault(r => r.Journal)?.WorkflowsPerSecond;
            Console.WriteLine(string.Create(culture,
                $"Target: >= {TargetTenActivityWorkflowsPerSecond:N0} ten-activity workflows/s on one core: " +
                $"{(withJournal >= TargetTenActivityWorkflowsPerSecond ? "met" : "MISSED")} with the journal on ({withJournal:N0}), " +
                $"{(best >= TargetTenActivityWorkflowsPerSecond ? "met" : "MISSED")} at best ({best:N0})."));
        }
    }

    private static string FormatTime(double nanoseconds) => nanoseconds switch
    {
        >= 1e6 => (nanoseconds / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (nanoseconds / 1e3).ToString("F2", CultureInfo.InvariantCulture) + " µs",
        _ => nanoseconds.ToString("F0", CultureInfo.InvariantCulture) + " ns",
    };

    private static string FormatBytes(double? bytes) => bytes switch
    {
        null => "n/a",
        >= 1024 * 1024 => (bytes.Value / (1024 * 1024)).ToString("F2", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes.Value / 1024).ToString("F2", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.Value.ToString("F0", CultureInfo.InvariantCulture) + " B",
    };
}
