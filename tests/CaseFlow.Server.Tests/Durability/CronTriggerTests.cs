using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;
using Hangfire;
using Hangfire.Storage;

namespace CaseFlow.Server.Tests.Durability;

[Collection(HostCollection.Name)]
public class CronTriggerTests
{
    [Fact]
    public async Task CronTrigger_StartsInstancesOnSchedule_AndRetractingRemovesItsRecurringJob()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");
        var probe = new DatabaseProbe(data);
        await using var server = await InProcessServer.StartAsync(data, DurableWorkflows.CopyTo(dir.Sub("workflows"), "every-second.json"));

        Assert.Contains("every-second-v1:cron", RecurringJobIds(server));
        await Wait.UntilAsync(() => probe.CountFinished("every-second") >= 2, TimeSpan.FromSeconds(15), "the cron trigger started two instances");
        Assert.All(probe.Instances().Where(i => i.Value.DefinitionId == "every-second"), i => Assert.Equal(["tick"], probe.Lines()[i.Key]));

        await server.Get<RetractDefinitionHandler>().HandleAsync(new RetractDefinition("every-second"));
        await server.Get<RecurringTriggerRegistrar>().ReconcileAsync();

        Assert.DoesNotContain("every-second-v1:cron", RecurringJobIds(server));
        await Task.Delay(1500);
        var settled = probe.Instances().Count;
        await Task.Delay(2500);
        Assert.Equal(settled, probe.Instances().Count);
    }

    [Fact]
    public async Task StartAtTrigger_StartsItsWorkflowOnce_AcrossRestarts_AndTimerTriggersRecur()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");
        var probe = new DatabaseProbe(data);
        var workflows = DurableWorkflows.CopyTo(dir.Sub("workflows"), "start-at-trigger.json", "timer-trigger.json");

        await using (var first = await InProcessServer.StartAsync(data, workflows))
        {
            Assert.Contains("timer-trigger-v1:timer", RecurringJobIds(first));
            await Wait.UntilAsync(() => probe.CountFinished("start-at-trigger") == 1 && probe.CountFinished("timer-trigger") >= 2, TimeSpan.FromSeconds(15), "the StartAt trigger (overdue) and the Timer trigger (every second) started instances");
        }

        // The restart schedules the StartAt trigger again (Hangfire forgot it); its instance id is the trigger's, so nothing new starts.
        await using (await InProcessServer.StartAsync(data, workflows))
            await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(1, probe.Instances().Count(i => i.Value.DefinitionId == "start-at-trigger"));
        Assert.Equal(["started at"], probe.Lines()[probe.Instances().Single(i => i.Value.DefinitionId == "start-at-trigger").Key]);
    }

    private static List<string> RecurringJobIds(InProcessServer server)
    {
        using var connection = server.Get<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }
}
