using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Workflows.Activities.Scheduling;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.Durability;

/// <summary>
/// Scheduled triggers on the real host. Instances of a cron or timer trigger have the ids of their occurrences
/// (<see cref="ScheduledOccurrences"/>), so a test can tell which occurrence started what. Nothing here waits a fixed
/// time: absence is asserted only after a sibling trigger, run by the same scheduler, proved that time passed.
/// </summary>
[Collection(HostCollection.Name)]
public class CronTriggerTests
{
    private const string EverySecond = "every-second-v1:cron";
    private const string Timer = "timer-trigger-v1:timer";
    private const string StartAt = "start-at-trigger-v1:at";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly Cronos.CronExpression EverySecondCron = TimerBookmarks.ParseCron("* * * * * *");

    [Fact]
    public async Task CronTrigger_StartsOneInstancePerOccurrence_AndARetractedTriggerStartsNothingAfterwards()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");
        var probe = new DatabaseProbe(data);
        var begin = DateTimeOffset.UtcNow;
        await using var server = await InProcessServer.StartAsync(data, DurableWorkflows.CopyTo(dir.Sub("workflows"), "every-second.json", "timer-trigger.json"));

        Assert.Contains(EverySecond, RecurringJobIds(server));
        await Wait.UntilAsync(() => probe.CountFinished("every-second") >= 2, Deadline, "the cron trigger started two instances");
        var before = probe.Instances().Where(i => i.Value.DefinitionId == "every-second").Select(i => i.Key).ToList();
        var occurrences = OccurrenceIds(EverySecond, begin, DateTimeOffset.UtcNow);
        Assert.All(before, id => Assert.True(occurrences.ContainsKey(id), $"instance {id} is no occurrence's"));
        Assert.All(before, id => Assert.Equal(["tick"], probe.Lines()[id]));

        await server.Get<RetractDefinitionHandler>().HandleAsync(new RetractDefinition("every-second"));
        var retracted = DateTimeOffset.UtcNow;
        await server.Get<RecurringTriggerRegistrar>().ReconcileAsync();
        Assert.DoesNotContain(EverySecond, RecurringJobIds(server));

        // The timer trigger runs on the same scheduler: once it has started two occurrences after the retraction, a
        // job of the retracted trigger already queued had its chance too. A job run now finds no trigger.
        // (Any two: a loaded scheduler that falls behind triggers only the latest of the seconds it missed.)
        await Wait.UntilAsync(
            () =>
            {
                var all = probe.Instances();
                return OccurrenceIds(Timer, retracted.AddSeconds(1), DateTimeOffset.UtcNow).Keys.Count(all.ContainsKey) >= 2;
            },
            Deadline,
            "the timer trigger started two occurrences after the retraction");
        await ActivatorUtilities.CreateInstance<ScheduledTriggerJob>(server.Get<IServiceProvider>()).StartAsync(EverySecond, null, CancellationToken.None);

        var after = OccurrenceIds(EverySecond, begin, DateTimeOffset.UtcNow);
        var instances = probe.Instances().Where(i => i.Value.DefinitionId == "every-second").Select(i => i.Key).ToList();
        Assert.All(instances, id => Assert.True(after.TryGetValue(id, out var at) && at <= retracted, $"instance {id} started after the retraction"));
    }

    [Fact]
    public async Task StartAtTrigger_StartsItsWorkflowOnce_AcrossRestarts_AndTimerTriggersGoOnAfterARestart()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");
        var probe = new DatabaseProbe(data);
        var workflows = DurableWorkflows.CopyTo(dir.Sub("workflows"), "start-at-trigger.json", "timer-trigger.json");

        await using (var first = await InProcessServer.StartAsync(data, workflows))
        {
            Assert.Contains(Timer, RecurringJobIds(first));
            await Wait.UntilAsync(() => probe.CountFinished("start-at-trigger") == 1 && probe.CountFinished("timer-trigger") >= 2, Deadline, "the StartAt trigger (overdue) and the Timer trigger (every second) started instances");
        }

        // The restart schedules the StartAt trigger again (Hangfire forgot it); its instance id is the trigger's, so
        // nothing new starts. The timer trigger's occurrences after the restart are new ones, and they start.
        await using (var second = await InProcessServer.StartAsync(data, workflows))
        {
            var restarted = DateTimeOffset.UtcNow;
            await Wait.UntilAsync(() => SucceededTriggerJobs(second).Contains(StartAt), Deadline, "the StartAt job ran again after the restart");
            // Any occurrence after the restart will do: a loaded scheduler that falls behind triggers only the latest
            // of the occurrences it missed (Hangfire's misfire handling), so a particular second may never run.
            await Wait.UntilAsync(
                () => { var instances = probe.Instances(); return OccurrenceIds(Timer, restarted, DateTimeOffset.UtcNow).Keys.Any(instances.ContainsKey); },
                Deadline,
                "the timer trigger started an occurrence after the restart");
        }

        var startAt = Assert.Single(probe.Instances(), i => i.Value.DefinitionId == "start-at-trigger");
        Assert.Equal(["started at"], probe.Lines()[startAt.Key]);
    }

    private static Dictionary<string, DateTimeOffset> OccurrenceIds(string trigger, DateTimeOffset from, DateTimeOffset to) =>
        to <= from
            ? []
            : EverySecondCron.GetOccurrences(from, to, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true)
                .ToDictionary(o => ScheduledOccurrences.InstanceId(trigger, o));

    private static List<string> RecurringJobIds(InProcessServer server)
    {
        using var connection = server.Get<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }

    /// <summary>The trigger ids of the <see cref="ScheduledTriggerJob"/>s this host's Hangfire ran to the end.</summary>
    private static List<string?> SucceededTriggerJobs(InProcessServer server) =>
        server.Get<JobStorage>().GetMonitoringApi().SucceededJobs(0, 1000)
            .Where(j => j.Value?.Job?.Type == typeof(ScheduledTriggerJob))
            .Select(j => j.Value.Job.Args[0] as string)
            .ToList();
}
