using System.Diagnostics;
using CaseFlow.Server.Tests.Support;
using Xunit.Abstractions;

namespace CaseFlow.Server.Tests.Durability;

/// <summary>
/// The real process, killed with SIGKILL while it resumes instances, twice, then started again: every instance
/// finishes, every line and journal step exists exactly once, and no timer fired twice (the counter behind each
/// timer would read 2). Nothing waits for a fixed time: each step waits for a condition in the database, with a
/// generous deadline, and the absence of repeats is checked only after a sweep has run once everything finished.
/// </summary>
[Collection(HostCollection.Name)]
public class CrashTests(ITestOutputHelper output)
{
    private const int PerDelayGroup = 40;
    private static readonly string[] DelayWaits = ["00:00:02", "00:00:04", "00:00:06", "00:00:08"];
    private const int EventInstances = 40;

    // Generous: the machine may be loaded; a deadline only bounds a wait for a condition, it is never waited out.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KilledWhileResuming_EveryInstanceFinishesOnce_AfterARestart()
    {
        var watch = Stopwatch.StartNew();
        using var dir = new TempDirectory("caseflow-crash");
        var data = dir.Sub("data");
        var workflows = DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-delay.json", "crash-event.json");
        var probe = new DatabaseProbe(data);

        Assert.Equal(0, (await CaseFlowProcess.RunAsync("import", workflows, "--data", data)).ExitCode);
        var delayIds = new List<string>();
        foreach (var wait in DelayWaits)
            delayIds.AddRange(await StartAsync(data, "crash-delay", PerDelayGroup, "--input", $"Wait={wait}"));
        var eventIds = await StartAsync(data, "crash-event", EventInstances);
        var total = delayIds.Count + eventIds.Count;
        Assert.Equal(total, probe.Instances().Count(i => i.Value.Status == "Running"));
        output.WriteLine($"{total} instances started in {watch.Elapsed.TotalSeconds:0.0} s");

        ServerProcess? server = null;
        string sentinel;
        try
        {
            // First crash: as soon as the server has resumed anything (it is in the middle of its start-up recovery).
            server = ServerProcess.Start(data, workflows);
            await Wait.UntilAsync(() => probe.CountFinished() > 0, Deadline, "the first server resumed something", pollMilliseconds: 10);
            server.Kill();
            var afterFirst = probe.CountFinished();
            output.WriteLine($"killed #1 at {watch.Elapsed.TotalSeconds:0.0} s with {afterFirst}/{total} finished");

            // Second crash: once it has resumed some more (or every delay instance, should the first run have left fewer than ten).
            server.Dispose();
            server = ServerProcess.Start(data, workflows);
            var target = Math.Min(afterFirst + 10, delayIds.Count);
            await Wait.UntilAsync(() => probe.CountFinished() >= target, Deadline, $"the second server finished {target} instances", pollMilliseconds: 10);
            server.Kill();
            var afterSecond = probe.CountFinished();
            output.WriteLine($"killed #2 at {watch.Elapsed.TotalSeconds:0.0} s with {afterSecond}/{total} finished{(afterSecond == delayIds.Count ? " (no delay instance was left to interrupt)" : "")}");
            // The event instances wait for an event nobody has published yet: none may have moved on.
            Assert.Equal(0, probe.CountFinished("crash-event"));

            // Third run: lives. The events arrive from the CLI (another process) while it works.
            server.Dispose();
            server = ServerProcess.Start(data, workflows);
            await server.WaitUntilListeningAsync(Deadline);
            var published = await CaseFlowProcess.RunAsync("events", "publish", "Go", "--data", data);
            Assert.True(published.ExitCode == 0, published.StandardError);
            output.WriteLine($"{published.StandardOutput.Trim()} at {watch.Elapsed.TotalSeconds:0.0} s");
            await Wait.UntilAsync(() => probe.CountFinished() == total, Deadline * 2, $"all {total} instances finished (server output: {server.Output})");
            output.WriteLine($"all finished at {watch.Elapsed.TotalSeconds:0.0} s");

            // A repeat would come from the sweep or a leftover job: give them their chance before looking for one.
            // A timer written by another process after everything finished is only found by the server's sweep, so
            // once that instance finished, a sweep has run after the others were done.
            sentinel = Assert.Single(await StartAsync(data, "crash-delay", 1, "--input", "Wait=00:00:01"));
            await Wait.UntilAsync(() => probe.Instances()[sentinel].Status == "Finished", Deadline, $"a sweep fired the sentinel's timer (server output: {server.Output})");
        }
        finally
        {
            server?.Dispose();
        }

        var instances = probe.Instances();
        var lines = probe.Lines();
        Assert.All(instances.Values, i => Assert.Equal(("Finished", "Finished"), (i.Status, i.SubStatus)));
        Assert.All(delayIds.Append(sentinel), id => Assert.Equal(["before", "after 1"], lines[id]));
        Assert.All(eventIds, id => Assert.Equal(["waiting", "got event", "done 1"], lines[id]));
        Assert.Empty(probe.RepeatedJournalSteps());
        Assert.Equal(0, probe.Scalar("SELECT COUNT(*) FROM Bookmarks"));
        Assert.Equal(((delayIds.Count + 1) * 2) + (eventIds.Count * 3), probe.Scalar($"SELECT COUNT(*) FROM ({DatabaseProbe.AllLines}) l, json_each(l.Lines)"));
        output.WriteLine($"crash test took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<List<string>> StartAsync(string data, string definitionId, int count, params string[] extra)
    {
        var result = await CaseFlowProcess.RunAsync(["instances", "start", definitionId, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra, "--data", data]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var ids = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Assert.Equal(count, ids.Count);
        return ids;
    }
}
