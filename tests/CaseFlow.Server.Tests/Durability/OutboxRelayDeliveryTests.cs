using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;
using Hangfire;
using Microsoft.Extensions.Configuration;

namespace CaseFlow.Server.Tests.Durability;

public sealed class OutboxRelayDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // The hop that made a new case's first task wait for Hangfire: the message is now delivered in process, right
    // after its commit, and no job is stored for it.
    [Fact]
    public async Task A_committed_outbox_message_is_delivered_in_process_without_a_Hangfire_job()
    {
        using var dir = new TempDirectory();
        await using var app = await InProcessServer.StartAsync(dir.Path, DurableWorkflows.CopyTo(dir.Sub("workflows"), "ping-trigger.json", "publisher.json"));

        await app.StartAsync("publisher");

        var probe = new DatabaseProbe(dir.Path);
        await Wait.UntilAsync(() => probe.Instances().Any(i => i.Value.DefinitionId == "ping-trigger"), Patience, "the published event started ping-trigger");
        Assert.Equal(0, OutboxJobs(app));
        Assert.Equal(0, probe.Scalar("SELECT COUNT(*) FROM OutboxMessages WHERE DispatchedAt IS NULL"));
    }

    [Fact]
    public async Task With_the_relay_turned_off_every_outbox_message_goes_through_a_Hangfire_job()
    {
        using var dir = new TempDirectory();
        await using var app = await InProcessServer.StartAsync(dir.Path, DurableWorkflows.CopyTo(dir.Sub("workflows"), "ping-trigger.json", "publisher.json"),
            b => b.Configuration.AddInMemoryCollection([new("CaseFlow:Jobs:OutboxRelayWorkers", "0")]));

        await app.StartAsync("publisher");

        var probe = new DatabaseProbe(dir.Path);
        await Wait.UntilAsync(() => probe.Instances().Any(i => i.Value.DefinitionId == "ping-trigger"), Patience, "the published event started ping-trigger");
        Assert.Equal(1, OutboxJobs(app));
    }

    private static int OutboxJobs(InProcessServer app)
    {
        var monitoring = app.Get<JobStorage>().GetMonitoringApi();
        bool IsOutbox(Hangfire.Common.Job? job) => job?.Type == typeof(OutboxDispatchJob);
        return monitoring.Queues().Sum(q => monitoring.EnqueuedJobs(q.Name, 0, 1_000).Count(j => IsOutbox(j.Value?.Job)))
            + monitoring.ProcessingJobs(0, 1_000).Count(j => IsOutbox(j.Value?.Job))
            + monitoring.SucceededJobs(0, 1_000).Count(j => IsOutbox(j.Value?.Job))
            + monitoring.FailedJobs(0, 1_000).Count(j => IsOutbox(j.Value?.Job));
    }
}
