using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Durability;

public class TriggerTests
{
    [Fact]
    public async Task EventTrigger_StartsOneInstancePerEvent_EvenWhenTheEventIsDeliveredTwice()
    {
        using var dir = new TempDirectory();
        await using var app = await DataServices.OpenAsync(dir.Path);
        await app.ImportAsync(DurableWorkflows.CopyTo(dir.Sub("workflows"), "ping-trigger.json"));
        var dispatcher = app.Get<WorkflowEventDispatcher>();

        var first = await dispatcher.PublishAsync("Ping", "c-1", new Dictionary<string, object?> { ["n"] = 1 }, "event-1");
        var again = await dispatcher.PublishAsync("Ping", "c-1", new Dictionary<string, object?> { ["n"] = 1 }, "event-1");
        var second = await dispatcher.PublishAsync("Ping", null, null, "event-2");
        var other = await dispatcher.PublishAsync("Pong", null, null, "event-3");

        Assert.Single(first.Started);
        Assert.Empty(again.Started);
        Assert.Single(second.Started);
        Assert.Empty(other.Started);
        var probe = new DatabaseProbe(dir.Path);
        var started = probe.Instances().Where(i => i.Value.DefinitionId == "ping-trigger").ToList();
        Assert.Equal(2, started.Count);
        Assert.All(started, i => Assert.Equal("Finished", i.Value.Status));
        Assert.All(started, i => Assert.Equal(["started by ping"], probe.Lines()[i.Key]));
        Assert.Equal("c-1", (await app.Runtime.Store.FindAsync(first.Started[0]))!.Snapshot.State.CorrelationId);
    }

    [Fact]
    public async Task PublishEventActivity_StartsTriggeredDefinitions_ThroughTheOutbox_Once()
    {
        using var dir = new TempDirectory();
        await using var app = await DataServices.OpenAsync(dir.Path);
        await app.ImportAsync(DurableWorkflows.CopyTo(dir.Sub("workflows"), "ping-trigger.json", "publisher.json"));

        await app.StartAsync("publisher");
        var message = Assert.Single(app.Scheduler.Dispatches);
        var dispatcher = app.Get<WorkflowEventDispatcher>();
        await dispatcher.DispatchAsync(message);
        await dispatcher.DispatchAsync(message);

        var probe = new DatabaseProbe(dir.Path);
        Assert.Single(probe.Instances(), i => i.Value.DefinitionId == "ping-trigger");
        Assert.Equal(0, probe.Scalar("SELECT COUNT(*) FROM OutboxMessages WHERE DispatchedAt IS NULL"));
    }
}
