using System.Diagnostics;
using System.Globalization;

namespace CaseFlow.Benchmarks;

/// <summary>
/// <c>--quick</c>: a plain single-threaded Stopwatch loop per case (default 2 s after a short warm-up), for fast
/// feedback without BenchmarkDotNet. Allocations come from <see cref="GC.GetAllocatedBytesForCurrentThread"/>,
/// which is exact because the engine runs these workflows synchronously on the calling thread.
/// </summary>
public static class QuickBenchmark
{
    public static IReadOnlyList<CaseResult> Run(TimeSpan duration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var results = new List<CaseResult>();
        foreach (var journal in new[] { true, false })
        {
            var harness = new WorkflowHarness(journal);
            foreach (var workflow in BenchmarkWorkflows.All())
            {
                try
                {
                    harness.Verify(workflow);
                }
                catch (InvalidOperationException ex)
                {
                    // A case that cannot run (e.g. no JavaScript evaluator yet) is reported and skipped; the others still run.
                    output.WriteLine($"{workflow.Key,-22} journal={(journal ? "on " : "off")}  SKIPPED: {ex.Message}");
                    continue;
                }

                Measure(harness, workflow, TimeSpan.FromMilliseconds(Math.Min(500, duration.TotalMilliseconds / 4)));
                var result = Measure(harness, workflow, duration);
                results.Add(result);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{workflow.Key,-22} journal={(journal ? "on " : "off")}  {result.Operations,9:N0} runs in {result.Elapsed.TotalSeconds:F2} s  " +
                    $"{result.MeanNanoseconds / 1000,9:F2} µs/run  {result.BytesPerOperation,11:N0} B/run  gen0/1/2={result.Gen0}/{result.Gen1}/{result.Gen2}"));
            }
        }

        return results;
    }

    private static CaseResult Measure(WorkflowHarness harness, BenchmarkWorkflow workflow, TimeSpan duration)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        long operations = 0;
        var ticks = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;

        // Check the clock every few runs only, so the loop measures the engine and not Stopwatch.
        var batch = workflow.ActivityCount >= 100 ? 4 : 64;
        while (stopwatch.ElapsedTicks < ticks)
        {
            for (var i = 0; i < batch; i++)
                harness.Run(workflow);
            operations += batch;
        }

        stopwatch.Stop();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        return new CaseResult(
            workflow.Key,
            workflow.Label,
            harness.Journal,
            workflow.ActivityCount,
            stopwatch.Elapsed.TotalNanoseconds / operations,
            (double)bytes / operations)
        {
            Operations = operations,
            Elapsed = stopwatch.Elapsed,
            Gen0 = GC.CollectionCount(0) - gen0,
            Gen1 = GC.CollectionCount(1) - gen1,
            Gen2 = GC.CollectionCount(2) - gen2,
        };
    }
}

/// <summary>One measured case: mean time and allocation per workflow run.</summary>
public sealed record CaseResult(string Key, string Label, bool Journal, int ActivityCount, double MeanNanoseconds, double? BytesPerOperation)
{
    public long Operations { get; init; }
    public TimeSpan Elapsed { get; init; }
    public int Gen0 { get; init; }
    public int Gen1 { get; init; }
    public int Gen2 { get; init; }

    public double WorkflowsPerSecond => 1e9 / MeanNanoseconds;
    public double? BytesPerActivity => BytesPerOperation / ActivityCount;
}
