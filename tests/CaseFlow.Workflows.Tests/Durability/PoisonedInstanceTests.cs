using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Workflows.Tests.Durability;

/// <summary>
/// One instance that cannot run at all (its definition version is gone, its snapshot cannot be read) among good ones:
/// the timer sweep, the start-up recovery and an event's delivery go on with the others and log the broken one.
/// </summary>
public class PoisonedInstanceTests
{
    private static WorkflowDefinition WaitForDelay(string id, string delay) =>
        new WorkflowBuilder(id)
            .Flowchart(f => f.Start().Delay("wait", delay).WriteLine("after", "fired").Chain("start", "wait", "after"))
            .Build();

    private static WorkflowDefinition WaitForEvent(string id) =>
        new WorkflowBuilder(id)
            .Flowchart(f => f.Start().Event("wait", "Approved").WriteLine("after", "got it").Chain("start", "wait", "after"))
            .Build();

    private readonly InMemoryWorkflowInstanceStore _inner = new();
    private readonly HookedInstanceStore _store;
    private readonly TestClock _clock = new();
    private readonly ListLogger<DurableWorkflowRuntime> _log = new();

    public PoisonedInstanceTests() => _store = new HookedInstanceStore(_inner);

    /// <summary>A runtime that knows only <paramref name="definitions"/> (a version left out is one that is gone).</summary>
    private DurableWorkflowRuntime Runtime(DurableRuntimeOptions? options = null, ManualWorkScheduler? scheduler = null, params WorkflowDefinition[] definitions) =>
        new(ActivityRegistry.CreateDefault(), WorkflowEngine.CreateEvaluators(), new InMemoryWorkflowDefinitionProvider(definitions), _store,
            scheduler ?? new ManualWorkScheduler(), _clock, options: options, logger: _log);

    private List<string> LinesOf(string instanceId) => _inner.Lines.Where(l => l.InstanceId == instanceId).Select(l => l.Text).ToList();

    private IEnumerable<string> Errors => _log.Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message);

    // The poisoned instances come due first, so an earliest-first batch meets them before any good one.
    private async Task<(List<string> Poisoned, List<string> Good)> StartTimersAsync(int poisoned, int good)
    {
        var gone = WaitForDelay("gone", "00:01:00");
        var kept = WaitForDelay("kept", "00:02:00");
        var starter = Runtime(null, null, gone, kept);
        var poisonedIds = new List<string>();
        for (var i = 0; i < poisoned; i++)
            poisonedIds.Add((await starter.StartAsync(gone)).Id);
        var goodIds = new List<string>();
        for (var i = 0; i < good; i++)
            goodIds.Add((await starter.StartAsync(kept)).Id);
        _clock.Advance(TimeSpan.FromMinutes(3));
        return (poisonedIds, goodIds);
    }

    [Fact]
    public async Task ATimerWhoseDefinitionVersionIsGone_IsLogged_AndEveryOtherDueTimerFires()
    {
        var (poisoned, good) = await StartTimersAsync(poisoned: 1, good: 3);
        var sweeper = Runtime(null, null, WaitForDelay("kept", "00:02:00"));

        var fired = await sweeper.FireDueTimersAsync();

        Assert.Equal(3, fired);
        Assert.All(good, id => Assert.Equal(["fired"], LinesOf(id)));
        Assert.Empty(LinesOf(poisoned[0]));
        Assert.Contains(Errors, m => m.Contains(poisoned[0], StringComparison.Ordinal) && m.Contains("no longer exists", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimersThatAlwaysFail_DoNotStarveTheOthers_AndAreTriedAgainAfterTheirBackOff()
    {
        // A batch of two, and two poisoned timers at its head: without paging past them no good timer would ever fire.
        var (poisoned, good) = await StartTimersAsync(poisoned: 2, good: 3);
        var sweeper = Runtime(new DurableRuntimeOptions { TimerSweepBatchSize = 2 }, null, WaitForDelay("kept", "00:02:00"));

        var fired = new List<int>();
        for (var sweep = 0; sweep < 3; sweep++)
            fired.Add(await sweeper.FireDueTimersAsync());

        Assert.Equal([0, 2, 1], fired);
        Assert.All(good, id => Assert.Equal(["fired"], LinesOf(id)));
        Assert.Equal(2, Errors.Count());

        // Within the back-off the poisoned timers are not tried (nor logged) again; after it they are, once each.
        Assert.Equal(0, await sweeper.FireDueTimersAsync());
        Assert.Equal(2, Errors.Count());
        _clock.Advance(FailureBackoff.FirstDelay);
        Assert.Equal(0, await sweeper.FireDueTimersAsync());
        Assert.Equal(4, Errors.Count());
        Assert.All(poisoned, id => Assert.Equal(2, Errors.Count(m => m.Contains(id, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task StartUpRecovery_WithAnUnreadableInstance_RecoversEverythingElse()
    {
        var (poisoned, good) = await StartTimersAsync(poisoned: 1, good: 2);
        var definitions = new[] { WaitForDelay("gone", "00:01:00"), WaitForDelay("kept", "00:02:00") };
        var future = await Runtime(null, null, definitions).StartAsync(WaitForDelay("kept", "00:02:00"));
        _store.Unreadable.Add(poisoned[0]);
        var scheduler = new ManualWorkScheduler();

        await Runtime(null, scheduler, definitions).RecoverAsync();

        Assert.All(good, id => Assert.Equal(["fired"], LinesOf(id)));
        Assert.Equal(future.Id, Assert.Single(scheduler.Timers).InstanceId);
        Assert.Contains(Errors, m => m.Contains(poisoned[0], StringComparison.Ordinal) && m.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEventWithOneUnreadableWaitingInstance_ResumesTheOthers_AndThenReportsTheFailure()
    {
        var definition = WaitForEvent("approval");
        var runtime = Runtime(null, null, definition);
        var broken = await runtime.StartAsync(definition);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var first = await runtime.StartAsync(definition);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await runtime.StartAsync(definition);
        _store.Unreadable.Add(broken.Id);

        // The failure is thrown (an outbox delivery is then repeated; the others ignore the repeat by its stimulus id).
        await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => runtime.PublishEventAsync("Approved", stimulusId: "event-1"));

        Assert.Equal(["got it"], LinesOf(first.Id));
        Assert.Equal(["got it"], LinesOf(second.Id));
        Assert.Contains(Errors, m => m.Contains(broken.Id, StringComparison.Ordinal));
        _store.Unreadable.Clear();
        Assert.Equal(1, await runtime.PublishEventAsync("Approved", stimulusId: "event-1"));
        Assert.Equal(["got it"], LinesOf(first.Id));
        Assert.Equal(["got it"], LinesOf(broken.Id));
    }
}
