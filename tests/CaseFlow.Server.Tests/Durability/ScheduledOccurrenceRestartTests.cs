using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Workflows.Activities.Scheduling;
using Xunit.Abstractions;

namespace CaseFlow.Server.Tests.Durability;

/// <summary>
/// A cron trigger every two seconds through real server processes on one SQLite file: two at the same time, then
/// three restarts (killed, down across occurrences, started again; the last time two processes at once). Every
/// instance belongs to one occurrence, no occurrence has two, every restart goes on starting occurrences, and the
/// occurrences missed while down start once (the latest of them, default policy RunOnce), not as a backlog.
/// </summary>
[Collection(HostCollection.Name)]
public partial class ScheduledOccurrenceRestartTests(ITestOutputHelper output)
{
    private const string Definition = "every-two-seconds";
    private const string Trigger = "every-two-seconds-v1:cron";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly Cronos.CronExpression Cron = TimerBookmarks.ParseCron("*/2 * * * * ?");

    // The lines the test reads from the processes' logs (everything else stays at Warning).
    private static readonly Dictionary<string, string> Logging = new()
    {
        ["Logging__LogLevel__CaseFlow.Cases.Jobs.ScheduledStarts"] = "Information",
        ["Logging__LogLevel__CaseFlow.Cases.Jobs.TriggeredStarts"] = "Information",
    };

    [Fact]
    public async Task ACronOccurrence_StartsExactlyOneInstance_InTwoProcessesAndThroughThreeRestarts_AndTheMissedOneRunsOnce()
    {
        var watch = Stopwatch.StartNew();
        using var dir = new TempDirectory("caseflow-cron-restart");
        var data = dir.Sub("data");
        var workflows = DurableWorkflows.CopyTo(dir.Sub("workflows"), "every-two-seconds.json");
        var probe = new DatabaseProbe(data);
        var begin = DateTimeOffset.UtcNow;
        var servers = new List<ServerProcess>();
        try
        {
            // One process, then a second on the same file while the first runs: both fire every occurrence.
            var up = await StartAsync(servers, data, workflows, 1);
            output.WriteLine($"first process listening at {watch.Elapsed.TotalSeconds:0.0} s");
            await OccurrencesStartedAfterAsync(probe, up, 1);
            up = await StartAsync(servers, data, workflows, 1);
            output.WriteLine($"second process listening at {watch.Elapsed.TotalSeconds:0.0} s");
            await OccurrencesStartedAfterAsync(probe, up, 2);
            await Wait.UntilAsync(() => Regex.IsMatch(AllOutput(servers), $@"Trigger {Regex.Escape(Trigger)}: occurrence:\S+ already started instance"), Deadline,
                "one process logged that the other had already started an occurrence");
            output.WriteLine($"two processes ran side by side until {watch.Elapsed.TotalSeconds:0.0} s");

            for (var restart = 1; restart <= 3; restart++)
            {
                foreach (var server in servers)
                    server.Dispose();
                servers.Clear();
                var killed = DateTimeOffset.UtcNow;

                // Down across two occurrences: the earlier must stay missed, the later (or a later one) runs once.
                var secondMissed = Next(Next(killed));
                await Wait.UntilAsync(() => DateTimeOffset.UtcNow > secondMissed, Deadline, "two occurrences passed while no server ran");
                output.WriteLine($"restart {restart}: down at {watch.Elapsed.TotalSeconds:0.0} s");
                up = await StartAsync(servers, data, workflows, restart == 3 ? 2 : 1);
                output.WriteLine($"restart {restart}: listening at {watch.Elapsed.TotalSeconds:0.0} s");

                var missed = MissedRuns(servers);
                Assert.True(missed.Count > 0, $"restart {restart}: no missed occurrence was started. Output:\n{AllOutput(servers)}");
                if (restart < 3)
                    Assert.Single(missed);
                Assert.All(missed, m => Assert.True(m.Occurrence > killed && m.Occurrence <= up, $"restart {restart}: {m.Occurrence:O} is no missed occurrence"));
                Assert.All(missed, m => Assert.Equal(ScheduledOccurrences.InstanceId(Trigger, m.Occurrence), m.InstanceId));
                var instances = probe.Instances();
                var backlog = Occurrences(killed, missed.Min(m => m.Occurrence)).Where(o => o != missed.Min(m => m.Occurrence))
                    .Where(o => instances.ContainsKey(ScheduledOccurrences.InstanceId(Trigger, o))).ToList();
                Assert.True(backlog.Count == 0, $"restart {restart}: earlier missed occurrences ran too: {string.Join(", ", backlog)}");

                await OccurrencesStartedAfterAsync(probe, up, 1);
                output.WriteLine($"restart {restart}: missed {string.Join(", ", missed.Select(m => m.Occurrence.ToString("HH:mm:ss", CultureInfo.InvariantCulture)))} ran once; running again at {watch.Elapsed.TotalSeconds:0.0} s");
            }
        }
        finally
        {
            foreach (var server in servers)
                server.Dispose();
        }

        // Every instance is the one of an occurrence (no id from anything else), so none has two; each ran once.
        var byId = Occurrences(begin, DateTimeOffset.UtcNow).ToDictionary(o => ScheduledOccurrences.InstanceId(Trigger, o));
        var all = probe.Instances().Where(i => i.Value.DefinitionId == Definition).ToList();
        Assert.All(all, i => Assert.True(byId.ContainsKey(i.Key), $"instance {i.Key} belongs to no occurrence"));
        Assert.All(all, i => Assert.Equal("Finished", i.Value.Status));
        var lines = probe.Lines();
        Assert.All(all, i => Assert.Equal(["tick"], lines[i.Key]));
        Assert.Empty(probe.RepeatedJournalSteps());
        output.WriteLine($"{all.Count} occurrences, one instance each, in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Starts <paramref name="count"/> processes at once; returns when all listen (their start-up, the catch-up included, is done).</summary>
    private static async Task<DateTimeOffset> StartAsync(List<ServerProcess> servers, string data, string workflows, int count)
    {
        var started = Enumerable.Range(0, count).Select(_ => ServerProcess.Start(data, workflows, Logging)).ToList();
        servers.AddRange(started);
        foreach (var server in started)
            await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        return DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// Waits until <paramref name="count"/> occurrences after <paramref name="after"/> have their instances: any of
    /// them, since a loaded scheduler that falls behind triggers only the latest of the occurrences it missed.
    /// </summary>
    private static Task OccurrencesStartedAfterAsync(DatabaseProbe probe, DateTimeOffset after, int count) =>
        Wait.UntilAsync(() =>
        {
            var instances = probe.Instances();
            var now = DateTimeOffset.UtcNow;
            return now > after && Occurrences(after, now).Count(o => o > after && instances.ContainsKey(ScheduledOccurrences.InstanceId(Trigger, o))) >= count;
        }, Deadline, $"{count} occurrence(s) after {after:HH:mm:ss} started their instances");

    private static DateTimeOffset Next(DateTimeOffset after) => Cron.GetNextOccurrence(after, TimeZoneInfo.Utc, inclusive: false)!.Value;

    private static IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset from, DateTimeOffset to) =>
        Cron.GetOccurrences(from, to, TimeZoneInfo.Utc, fromInclusive: false, toInclusive: true);

    private static string AllOutput(IEnumerable<ServerProcess> servers) => string.Join("\n", servers.Select(s => s.Output));

    private static List<(DateTimeOffset Occurrence, string InstanceId)> MissedRuns(IEnumerable<ServerProcess> servers) =>
        MissedLine().Matches(AllOutput(servers))
            .Where(m => m.Groups["trigger"].Value == Trigger)
            .Select(m => (DateTimeOffset.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture), m.Groups["id"].Value))
            .ToList();

    [GeneratedRegex(@"Missed occurrence (?<at>\S+) of trigger (?<trigger>\S+) started instance (?<id>\w+)")]
    private static partial Regex MissedLine();
}
