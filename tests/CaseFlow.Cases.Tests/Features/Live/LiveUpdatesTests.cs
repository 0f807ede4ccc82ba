using CaseFlow.Cases.Features.Live;
using CaseFlow.Cases.Tests.Scenarios;

namespace CaseFlow.Cases.Tests.Features.Live;

/// <summary>Saved changes of tasks and cases reach every subscriber once saved; a subscriber that falls behind is told so.</summary>
public sealed class LiveUpdatesTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task FilingAComplaint_AndCompletingItsTask_AreAnnouncedToEverySubscriber_AsTheyAreSaved()
    {
        var live = _kit.Db.Get<LiveUpdates>();
        using var first = live.Subscribe();
        using var second = live.Subscribe();

        var c = await _kit.FileAsync();
        var classify = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });

        foreach (var subscription in new[] { first, second })
        {
            var changes = Drain(subscription);
            Assert.Contains(new LiveChange(LiveChange.Case, c.Id, c.Id), changes);
            Assert.Contains(new LiveChange(LiveChange.Task, classify.Id, c.Id), changes);
            Assert.True(changes.Count(x => x == new LiveChange(LiveChange.Task, classify.Id, c.Id)) >= 2, "created, then completed");
        }
    }

    [Fact]
    public void ASubscriberThatFallsBehind_LosesTheOldestChanges_AndIsToldToRefetch_WhileAnotherLosesNothing()
    {
        var live = new LiveUpdates();
        using var slow = live.Subscribe();
        for (var i = 0; i < LiveUpdates.QueueLength + 10; i++)
            live.Publish(new LiveChange(LiveChange.Task, $"t{i}", null));
        using var late = live.Subscribe();
        live.Publish(new LiveChange(LiveChange.Task, "after", null));

        Assert.True(slow.Dropped());
        Assert.False(slow.Dropped());
        var kept = Drain(slow);
        Assert.Equal(LiveUpdates.QueueLength, kept.Count);
        Assert.Equal("after", kept[^1].Id);
        Assert.Equal(["after"], Drain(late).Select(c => c.Id));
        Assert.False(late.Dropped());

        late.Dispose();
        Assert.Equal(1, live.Subscribers);
    }

    private static List<LiveChange> Drain(LiveUpdates.Subscription subscription)
    {
        var changes = new List<LiveChange>();
        while (subscription.Changes.TryRead(out var change))
            changes.Add(change);
        return changes;
    }
}
