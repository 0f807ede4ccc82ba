using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Durability;

[Collection(HostCollection.Name)]
public class RestartTests
{
    [Fact]
    public async Task Restart_WithInMemoryHangfireStorage_LosesNoTimer()
    {
        using var dir = new TempDirectory();
        var data = dir.Sub("data");
        var workflows = DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-delay.json");
        var probe = new DatabaseProbe(data);
        var ids = new List<string>();

        await using (var first = await InProcessServer.StartAsync(data, workflows))
        {
            // Due 2 s from now: overdue by the time the second host starts. Due 6 s: still in the future then.
            for (var i = 0; i < 10; i++)
                ids.Add((await first.StartAsync("crash-delay", new Dictionary<string, object?> { ["Wait"] = i % 2 == 0 ? "00:00:02" : "00:00:06" })).Id);
        }

        // The first host is gone with its Hangfire memory, and none of the timers had fired.
        Assert.All(ids, id => Assert.Equal("Running", probe.Instances()[id].Status));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await using (await InProcessServer.StartAsync(data, workflows))
            await Wait.UntilAsync(() => probe.CountFinished("crash-delay") == ids.Count, TimeSpan.FromSeconds(30), "every instance finished after the restart");

        var lines = probe.Lines();
        Assert.All(ids, id => Assert.Equal(["before", "after 1"], lines[id]));
        Assert.Empty(probe.RepeatedJournalSteps());
    }
}
