using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace CaseFlow.Benchmarks;

/// <summary>
/// <c>--alloc</c>: which types the interpreter allocates, per workflow run, without external tools. The runtime's
/// <c>GCAllocationTick</c> event samples one allocation about every 100 KB; summed per type over a few seconds of
/// runs, the samples give each type's share of the bytes. The shares are estimates; the total is exact
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// </summary>
public static class AllocationProfile
{
    public static void Run(TimeSpan duration, int top, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
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
                    output.WriteLine($"{workflow.Key} journal={(journal ? "on" : "off")}: SKIPPED: {ex.Message}");
                    continue;
                }

                for (var i = 0; i < 1000; i++)
                    harness.Run(workflow);

                using var listener = new AllocationTickListener();
                long runs = 0;
                var before = GC.GetAllocatedBytesForCurrentThread();
                var stopwatch = Stopwatch.StartNew();
                while (stopwatch.Elapsed < duration)
                {
                    harness.Run(workflow);
                    runs++;
                }

                var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                Thread.Sleep(500); // let the listener's dispatch thread drain the last events
                var byType = listener.Snapshot();
                var sampled = byType.Values.Sum();
                output.WriteLine();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"== {workflow.Label}, journal {(journal ? "on" : "off")}: {runs:N0} runs, {(double)bytes / runs:N0} B/run, {(double)bytes / runs / workflow.ActivityCount:N0} B/activity ({byType.Count} types sampled)"));
                foreach (var (type, amount) in byType.OrderByDescending(p => p.Value).Take(top))
                {
                    var share = sampled == 0 ? 0 : (double)amount / sampled;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {share,6:P1}  ~{share * bytes / runs,8:N0} B/run  {type}"));
                }
            }
        }
    }

    private sealed class AllocationTickListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

        public Dictionary<string, long> Snapshot() => new(_bytesByType, StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null || eventData.Payload is null)
                return;
            var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
            var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
            if (amountIndex < 0)
                amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount");
            if (typeIndex < 0 || amountIndex < 0)
                return;
            var type = eventData.Payload[typeIndex] as string ?? "?";
            var amount = Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture);
            _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
        }
    }
}
