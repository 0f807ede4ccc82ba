using System.Globalization;
using System.Text.Json;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Cases.Tests.Jobs;

/// <summary>
/// Outbox messages of one instance, delivered in another order than written (jobs run in parallel and are retried on
/// their own, another process delivers too): the case and its SLA clock must end as in-order delivery leaves them.
/// Over a real SQLite file.
/// </summary>
public sealed class OutboxOrderTests
{
    /// <summary>
    /// Start → Fork: [Clock] SlaTimer Start complaint.firstResponse; [Work] SetCase(InProgress, price, High,
    /// { stage: first, a: 1 }) → HumanTask work → SetCase(Resolved, other, { stage: second }) → SlaTimer Stop. The first
    /// burst writes SlaStarted, CaseUpdated and TaskCreated; completing the task writes CaseUpdated and SlaStopped.
    /// </summary>
    private static WorkflowDefinition Workflow() => WorkflowDefinitionReader.Read("""
        {
          "id": "complaint-handling-v1", "definitionId": "complaint-handling", "name": "Ordered updates", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "fork", "type": "Elsa.FlowFork", "branches": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"Clock\", \"Work\"]" } } },
              { "id": "clock", "type": "CaseFlow.SlaTimer",
                "action": { "typeName": "String", "expression": { "type": "Literal", "value": "Start" } },
                "clock": { "typeName": "String", "expression": { "type": "Literal", "value": "complaint.firstResponse" } } },
              { "id": "first", "type": "CaseFlow.SetCase",
                "status": { "typeName": "String", "expression": { "type": "Literal", "value": "InProgress" } },
                "category": { "typeName": "String", "expression": { "type": "Literal", "value": "price" } },
                "priority": { "typeName": "String", "expression": { "type": "Literal", "value": "High" } },
                "fields": { "typeName": "Object", "expression": { "type": "Object", "value": "{\"stage\":\"first\",\"a\":1}" } } },
              { "id": "work", "type": "CaseFlow.HumanTask",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Work" } } },
              { "id": "second", "type": "CaseFlow.SetCase",
                "status": { "typeName": "String", "expression": { "type": "Literal", "value": "Resolved" } },
                "category": { "typeName": "String", "expression": { "type": "Literal", "value": "other" } },
                "fields": { "typeName": "Object", "expression": { "type": "Object", "value": "{\"stage\":\"second\"}" } } },
              { "id": "stop", "type": "CaseFlow.SlaTimer",
                "action": { "typeName": "String", "expression": { "type": "Literal", "value": "Stop" } },
                "clock": { "typeName": "String", "expression": { "type": "Literal", "value": "complaint.firstResponse" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "fork", "port": "In" } },
              { "source": { "activity": "fork", "port": "Clock" }, "target": { "activity": "clock", "port": "In" } },
              { "source": { "activity": "fork", "port": "Work" }, "target": { "activity": "first", "port": "In" } },
              { "source": { "activity": "first", "port": "Done" }, "target": { "activity": "work", "port": "In" } },
              { "source": { "activity": "work", "port": "Done" }, "target": { "activity": "second", "port": "In" } },
              { "source": { "activity": "second", "port": "Done" }, "target": { "activity": "stop", "port": "In" } }
            ]
          }
        }
        """);

    public static TheoryData<string> Orders => ["Reversed", "Interleaved"];

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task AnInstancesOutboxMessages_DispatchedInAnyOrder_LeaveTheCaseAndItsSlaClockAsInOrder(string order)
    {
        await using var expected = await RunAsync();
        await DispatchAsync(expected, expected.All);
        await using var run = await RunAsync();

        await DispatchAsync(run, Arrange(run.All, order));

        Assert.Equal(await OutcomeAsync(expected), await OutcomeAsync(run));
        Assert.Empty(await run.Kit.Db.Store.ListUndispatchedAsync(100));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task TheHandlers_GivenAnInstancesMessagesInAnyOrder_LeaveTheCaseAndItsSlaClockAsInOrder(string order)
    {
        await using var expected = await RunAsync();
        await HandleAsync(expected, expected.All);
        await using var run = await RunAsync();

        await HandleAsync(run, Arrange(run.All, order));

        Assert.Equal(await OutcomeAsync(expected), await OutcomeAsync(run));
    }

    [Fact]
    public async Task TheHandlers_AppliedTwiceInReverse_GiveEachMessageOneTimelineEntry()
    {
        await using var expected = await RunAsync();
        await HandleAsync(expected, expected.All);
        await using var run = await RunAsync();

        var reversed = Arrange(run.All, "Reversed");
        await HandleAsync(run, reversed);
        await HandleAsync(run, reversed);

        Assert.Equal(await OutcomeAsync(expected), await OutcomeAsync(run));
    }

    /// <summary>
    /// Process A takes the job of the first update and stops inside a handler; process B meanwhile runs the jobs of
    /// the second burst to the end; then A goes on. A's late (duplicate) delivery of the first burst must not undo the
    /// second burst.
    /// </summary>
    [Fact]
    public async Task TwoProcesses_DispatchingOneInstanceAtOnce_DoNotLetALateEarlierMessageUndoALaterOne()
    {
        await using var expected = await RunAsync();
        await DispatchAsync(expected, expected.All);
        await using var run = await RunAsync();
        var firstUpdate = await FirstOfKindAsync(run, run.FirstBurst, CaseOutboxKinds.CaseUpdated);
        var gate = new Gate();
        await using var processA = run.Kit.Db.NewProcess();
        var runtimeA = GatedRuntime(processA, gate);

        var a = runtimeA.DispatchAsync(firstUpdate);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var processB = Dispatcher(run.Kit.Db.Services);
        foreach (var id in run.SecondBurst)
            await processB.DispatchAsync(id);
        gate.Release.SetResult();
        await a.WaitAsync(TimeSpan.FromMinutes(2));

        // A really delivered after B was done: the update it was stopped in, at least.
        Assert.Contains(CaseOutboxKinds.CaseUpdated, gate.DeliveredAfterRelease);
        Assert.Equal(await OutcomeAsync(expected), await OutcomeAsync(run));
    }

    // ---- support -----------------------------------------------------------------------------------------

    private sealed class Run(CaseTestKit kit, Case filed, List<string> firstBurst, List<string> secondBurst) : IAsyncDisposable
    {
        public CaseTestKit Kit { get; } = kit;
        public Case Case { get; } = filed;
        public List<string> FirstBurst { get; } = firstBurst;
        public List<string> SecondBurst { get; } = secondBurst;
        public List<string> All => [.. FirstBurst, .. SecondBurst];

        public ValueTask DisposeAsync() => Kit.DisposeAsync();
    }

    /// <summary>Files a case (first burst) and completes its task (second burst) without delivering any message.</summary>
    private static async Task<Run> RunAsync()
    {
        var kit = await CaseTestKit.CreateAsync(Workflow());
        var filed = await kit.Intake.HandleAsync(CaseTestKit.Complaint());
        var first = kit.Db.Scheduler.Dispatches.ToList();
        var state = (await kit.Db.Store.FindAsync(filed.WorkflowInstanceId!))!.Snapshot.State;
        var work = state.Bookmarks.Single(b => b.Name == HumanTask.BookmarkName);
        var resumed = await kit.Db.Runtime.ResumeAsync(state.Id, work.Id, new Dictionary<string, object?> { ["outcome"] = "Done" });
        Assert.Equal(ResumeOutcome.Resumed, resumed.Outcome);
        var second = kit.Db.Scheduler.Dispatches.Skip(first.Count).ToList();
        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        return new Run(kit, filed, first, second);
    }

    private static List<string> Arrange(List<string> ids, string order) => order switch
    {
        "Reversed" => [.. Enumerable.Reverse(ids)],
        // The bursts alternate (second, first, second, first, first): the clock's stop comes before its start, the
        // second update before the first.
        "Interleaved" => [ids[4], ids[0], ids[3], ids[1], ids[2]],
        _ => throw new ArgumentOutOfRangeException(nameof(order)),
    };

    /// <summary>The outbox job's dispatcher as the server wires it (the Hangfire registration is the server's).</summary>
    private static WorkflowEventDispatcher Dispatcher(IServiceProvider process)
    {
        var runtime = process.GetRequiredService<DurableWorkflowRuntime>();
        var starts = new TriggeredStarts(runtime, process.GetRequiredService<IWorkflowDefinitionProvider>(), NullLogger<TriggeredStarts>.Instance);
        return new WorkflowEventDispatcher(runtime, starts, process.GetRequiredService<CaseFlow.Cases.Persistence.EfWorkflowDefinitionStore>());
    }

    private static async Task DispatchAsync(Run run, IEnumerable<string> ids)
    {
        var dispatcher = Dispatcher(run.Kit.Db.Services);
        foreach (var id in ids)
            await dispatcher.DispatchAsync(id);
    }

    /// <summary>Hands each message straight to its handler, as a delivery on another node would, bypassing the dispatcher's order.</summary>
    private static async Task HandleAsync(Run run, IEnumerable<string> ids)
    {
        var handlers = run.Kit.Db.Services.GetServices<IOutboxMessageHandler>().SelectMany(h => h.Kinds.Select(k => (Kind: k, Handler: h))).ToDictionary(h => h.Kind, h => h.Handler);
        foreach (var id in ids)
        {
            var message = (await run.Kit.Db.Store.FindOutboxMessageAsync(id))!.Value.Message;
            await handlers[message.Kind].HandleAsync(message, CancellationToken.None);
        }
    }

    private static async Task<string> FirstOfKindAsync(Run run, List<string> ids, string kind)
    {
        foreach (var id in ids)
        {
            if ((await run.Kit.Db.Store.FindOutboxMessageAsync(id))!.Value.Message.Kind == kind)
                return id;
        }

        throw new InvalidOperationException($"No {kind} message");
    }

    /// <summary>What a case shows of its workflow's messages; equal records mean the same case.</summary>
    private sealed record Outcome(CaseStatus Status, string? Category, CasePriority Priority, string Fields, string Clocks, string SlaTimeline, int CaseUpdateEntries, int Tasks);

    private static async Task<Outcome> OutcomeAsync(Run run)
    {
        await using var db = run.Kit.Db.CreateDbContext();
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == run.Case.Id);
        var clocks = await db.SlaClocks.AsNoTracking().Where(x => x.CaseId == c.Id).ToListAsync();
        var timeline = await db.Timeline.AsNoTracking().Where(t => t.CaseId == c.Id).ToListAsync();
        var updates = timeline.Where(t => t.SourceId.StartsWith("set-case:", StringComparison.Ordinal)).Select(t => t.SourceId).ToList();
        Assert.Equal(updates.Count, updates.Distinct(StringComparer.Ordinal).Count());
        var sla = timeline.Where(t => t.Kind == TimelineKind.Sla).Select(t => t.Title).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sla.Count, sla.Distinct(StringComparer.Ordinal).Count());
        return new Outcome(
            c.Status,
            c.Category,
            c.Priority,
            JsonSerializer.Serialize(c.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={ValueConverter.ToText(f.Value)}")),
            string.Join(" | ", clocks.OrderBy(k => k.Name, StringComparer.Ordinal).Select(k => string.Create(CultureInfo.InvariantCulture,
                $"{k.Name} {k.Status} started {k.StartedAt:O} due {k.DueAt:O} stopped {k.StoppedAt:O} breached {k.BreachedAt:O}"))),
            string.Join(" | ", sla),
            updates.Count,
            await db.CaseTasks.CountAsync(t => t.CaseId == c.Id));
    }

    /// <summary>Stops the first delivery that reaches a handler until released, and records what is delivered afterwards.</summary>
    private sealed class Gate
    {
        private int _first;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> DeliveredAfterRelease { get; } = [];

        public async Task PassAsync(OutboxMessage message)
        {
            if (Interlocked.Exchange(ref _first, 1) == 0)
            {
                Entered.SetResult();
                await Release.Task;
            }

            if (Release.Task.IsCompleted)
            {
                lock (DeliveredAfterRelease)
                    DeliveredAfterRelease.Add(message.Kind);
            }
        }
    }

    private sealed class GatedHandler(IOutboxMessageHandler inner, Gate gate) : IOutboxMessageHandler
    {
        public IReadOnlyCollection<string> Kinds => inner.Kinds;

        public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            await gate.PassAsync(message);
            await inner.HandleAsync(message, cancellationToken);
        }
    }

    /// <summary>The runtime of another process over the same file, its handlers behind the gate.</summary>
    private static DurableWorkflowRuntime GatedRuntime(ServiceProvider process, Gate gate) => new(
        process.GetRequiredService<ActivityRegistry>(),
        process.GetServices<IExpressionEvaluator>(),
        process.GetRequiredService<IWorkflowDefinitionProvider>(),
        process.GetRequiredService<IWorkflowInstanceStore>(),
        process.GetRequiredService<IWorkflowWorkScheduler>(),
        process.GetRequiredService<TimeProvider>(),
        process.GetRequiredService<WorkflowRunnerOptions>(),
        process.GetRequiredService<DurableRuntimeOptions>(),
        handlers: process.GetServices<IOutboxMessageHandler>().Select(h => new GatedHandler(h, gate)).ToList());
}
