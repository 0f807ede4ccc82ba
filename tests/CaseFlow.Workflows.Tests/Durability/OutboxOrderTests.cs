using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Durability;

/// <summary>
/// The outbox messages of one instance reach their handlers in the order the instance wrote them, whichever of their
/// jobs runs first and however many dispatchers run at once.
/// </summary>
public sealed class OutboxOrderTests
{
    /// <summary>Start → Emit a → b → c → Event "Go" → Emit d → e: three messages in the first burst, two in the second.</summary>
    private static WorkflowDefinition FiveSteps() =>
        new WorkflowBuilder("steps")
            .Flowchart(f => f.Start()
                .Add("a", Emit.TypeName).Add("b", Emit.TypeName).Add("c", Emit.TypeName)
                .Event("go", "Go")
                .Add("d", Emit.TypeName).Add("e", Emit.TypeName)
                .Chain("start", "a", "b", "c", "go", "d", "e"))
            .Build();

    [Fact]
    public async Task AnInstancesMessages_DispatchedInReverse_ReachTheirHandlerInTheOrderWritten()
    {
        var handler = new RecordingHandler();
        var (runtime, scheduler) = Create(handler);
        await RunAsync(runtime);

        foreach (var id in Enumerable.Reverse(scheduler.Dispatches))
            await runtime.DispatchAsync(id);

        Assert.Equal(["a", "b", "c", "d", "e"], handler.Started.Distinct());
        Assert.Empty(await runtime.Store.ListUndispatchedAsync(10));
    }

    [Fact]
    public async Task AnInstancesMessages_DispatchedInterleaved_ReachTheirHandlerInTheOrderWritten()
    {
        var handler = new RecordingHandler();
        var (runtime, scheduler) = Create(handler);
        await RunAsync(runtime);
        var ids = scheduler.Dispatches;

        foreach (var i in new[] { 3, 1, 4, 0, 2 })
            await runtime.DispatchAsync(ids[i]);

        Assert.Equal(["a", "b", "c", "d", "e"], handler.Started.Distinct());
    }

    /// <summary>
    /// Dispatcher 1 is stopped inside the handler of the first message; dispatcher 2, given the last message, must not
    /// start any message before every earlier one was handled to the end once.
    /// </summary>
    [Fact]
    public async Task TwoDispatchersAtOnce_NeverStartAMessageBeforeTheEarlierOnesWereHandled()
    {
        var handler = new RecordingHandler { HoldFirst = true };
        var (runtime, scheduler) = Create(handler);
        await RunAsync(runtime);
        var ids = scheduler.Dispatches;

        var first = runtime.DispatchAsync(ids[0]);
        await handler.Held.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await runtime.DispatchAsync(ids[^1]);
        handler.Release.SetResult();
        await first.WaitAsync(TimeSpan.FromMinutes(1));

        var events = handler.Events;
        Assert.Contains("end e", events);
        var order = new[] { "a", "b", "c", "d", "e" };
        for (var i = 0; i < events.Count; i++)
        {
            if (!events[i].StartsWith("start ", StringComparison.Ordinal))
                continue;
            var step = events[i]["start ".Length..];
            foreach (var earlier in order.TakeWhile(s => s != step))
                Assert.True(events.Take(i).Contains("end " + earlier), $"{step} started before {earlier} was handled: {string.Join(", ", events)}");
        }
    }

    private static async Task RunAsync(DurableWorkflowRuntime runtime)
    {
        var state = await runtime.StartAsync(FiveSteps());
        Assert.Equal(1, await runtime.PublishEventAsync("Go"));
        Assert.Equal(WorkflowStatus.Finished, (await runtime.Store.FindAsync(state.Id))!.Snapshot.State.Status);
    }

    private static (DurableWorkflowRuntime Runtime, ManualWorkScheduler Scheduler) Create(RecordingHandler handler)
    {
        var scheduler = new ManualWorkScheduler();
        var runtime = new DurableWorkflowRuntime(
            ActivityRegistry.CreateDefault().Register<Emit>(),
            WorkflowEngine.CreateEvaluators(),
            new InMemoryWorkflowDefinitionProvider([FiveSteps()]),
            new InMemoryWorkflowInstanceStore(),
            scheduler,
            new TestClock(),
            handlers: [handler]);
        return (runtime, scheduler);
    }

    /// <summary>Hands out one message naming the activity that wrote it.</summary>
    [Activity(TypeName, Category = "Tests", IsBrowsable = false)]
    public sealed class Emit : CodeActivity
    {
        public const string TypeName = "Tests.Emit";
        public const string Kind = "Tests.Step";

        protected override void Execute(ActivityExecutionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            context.Workflow.Outbox.Add(new OutboxItem(Kind, new Dictionary<string, object?> { ["step"] = context.Node.Id }));
        }
    }

    private sealed class RecordingHandler : IOutboxMessageHandler
    {
        private readonly List<string> _events = [];
        private int _held;

        public IReadOnlyCollection<string> Kinds { get; } = [Emit.Kind];

        /// <summary>Stop the first delivery inside the handler until <see cref="Release"/>.</summary>
        public bool HoldFirst { get; init; }

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Events
        {
            get
            {
                lock (_events)
                    return [.. _events];
            }
        }

        public List<string> Started => [.. Events.Where(e => e.StartsWith("start ", StringComparison.Ordinal)).Select(e => e["start ".Length..])];

        public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            var step = (string)message.Payload["step"]!;
            Record("start " + step);
            if (HoldFirst && Interlocked.Exchange(ref _held, 1) == 0)
            {
                Held.SetResult();
                await Release.Task;
            }

            Record("end " + step);
        }

        private void Record(string text)
        {
            lock (_events)
                _events.Add(text);
        }
    }
}
