using CaseFlow.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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

        // The first host's clock stands still a day ahead: its timers are due a day from now for Hangfire and never
        // for its sweep, so it dies with every timer only in its (in-memory) Hangfire storage, however slow it is.
        var frozenAt = DateTimeOffset.UtcNow.AddDays(1);
        await using (var first = await InProcessServer.StartAsync(data, workflows, b => b.Services.AddSingleton<TimeProvider>(new FrozenClock(frozenAt))))
        {
            for (var i = 0; i < 10; i++)
                ids.Add((await first.StartAsync("crash-delay", new Dictionary<string, object?> { ["Wait"] = i % 2 == 0 ? "00:00:02" : "00:01:00" })).Id);
        }

        Assert.All(ids, id => Assert.Equal("Running", probe.Instances()[id].Status));

        // The second host's clock stands 10 s after the first's: the 2 s timers are overdue (fired by the start-up
        // recovery), the one-minute ones 50 s ahead (found again in the database); once its clock passes them, its sweep fires them.
        var clock = new FrozenClock(frozenAt.AddSeconds(10));
        await using (await InProcessServer.StartAsync(data, workflows, b => b.Services.AddSingleton<TimeProvider>(clock)))
        {
            var overdue = ids.Where((_, i) => i % 2 == 0).ToList();
            Assert.All(overdue, id => Assert.Equal("Finished", probe.Instances()[id].Status));
            Assert.All(ids.Except(overdue), id => Assert.Equal("Running", probe.Instances()[id].Status));
            clock.Advance(TimeSpan.FromMinutes(1));
            await Wait.UntilAsync(() => probe.CountFinished("crash-delay") == ids.Count, TimeSpan.FromSeconds(30), "every instance finished after the restart");
        }

        var lines = probe.Lines();
        Assert.All(ids, id => Assert.Equal(["before", "after 1"], lines[id]));
        Assert.Empty(probe.RepeatedJournalSteps());
    }
}
