using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

/// <summary>
/// <see cref="WorkflowRunnerOptions.Budget"/>: a flowchart that loops without waiting runs until a host gives up, so a
/// host that must stay responsive (the designer's test run) caps each call's activity executions and time; running out
/// faults the instance with an incident naming the limit instead of hanging. Unset, nothing changes.
/// </summary>
[Collection(CaseFlow.Workflows.Tests.Expressions.SandboxCollection.Name)]
public class ExecutionBudgetTests
{
    // start → tick → tock → tick …: nothing ever waits.
    private static WorkflowDefinition EndlessLoop(string incidentStrategy = "Fault")
    {
        var builder = new WorkflowBuilder("endless")
            .Flowchart(f => f.Start().WriteLine("tick", "tick").WriteLine("tock", "tock").Chain("start", "tick", "tock").Chain("tock", "tick"));
        if (incidentStrategy != "Fault")
            builder.Option("incidentStrategyType", "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core");
        return builder.Build();
    }

    // start → wait for "go" → three lines → back to the wait: every call runs four activities.
    private static WorkflowDefinition LoopWithAWait() => new WorkflowBuilder("waits")
        .Flowchart(f => f.Start().Event("wait", "go").WriteLine("a", "a").WriteLine("b", "b").WriteLine("c", "c")
            .Chain("start", "wait", "a", "b", "c").Chain("c", "wait"))
        .Build();

    private static async Task<WorkflowExecutionContext> StartAsync(WorkflowHarness harness, WorkflowDefinition definition, ExecutionBudget budget)
    {
        budget.Begin();
        return await harness.Runtime.StartAsync(definition, new StartWorkflowOptions { Console = harness.Console }, budget.Token);
    }

    [Theory]
    [InlineData("Fault")]
    [InlineData("Continue")]
    public async Task ALoopWithoutAWait_Faults_WithAnIncidentNamingTheActivityLimit_WhateverTheIncidentStrategy(string strategy)
    {
        var budget = new ExecutionBudget(100, TimeSpan.Zero);
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Budget = budget });

        var workflow = await StartAsync(harness, EndlessLoop(strategy), budget);

        workflow.AssertFaulted();
        var incident = Assert.Single(workflow.State.Incidents);
        Assert.Contains(incident.ActivityId, new[] { "tick", "tock" });
        Assert.Equal("Stopped after 100 activity executions without waiting for anything: is there a loop without a wait?", incident.Message);
        Assert.InRange(harness.Lines.Count, 90, 100);
        Assert.Contains(workflow.Journal, j => j.EventName == JournalEvents.Faulted && j.ActivityId == incident.ActivityId);
    }

    [Fact]
    public async Task AScriptThatIsRunning_WhenTheTimeLimitRunsOut_Stops_AndItsActivityFaultsNamingTheTimeLimit()
    {
        // The script's own limit (1 s) is longer than the call's: the budget's token stops it first.
        var budget = new ExecutionBudget(0, TimeSpan.FromMilliseconds(200));
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Budget = budget });
        var definition = new WorkflowBuilder("spin")
            .Flowchart(f => f.Start().WriteLine("spin", Expr.JavaScript("while (true) {}", "String")).Chain("start", "spin"))
            .Build();

        var workflow = await StartAsync(harness, definition, budget);

        workflow.AssertFaulted();
        var incident = Assert.Single(workflow.State.Incidents);
        Assert.Equal("spin", incident.ActivityId);
        Assert.Equal("Stopped after the time limit of 0.2 s without waiting for anything: is there a loop without a wait?", incident.Message);
    }

    [Fact]
    public async Task AScriptStoppedByItsOwnLimit_AfterTheCallsTimeRanOut_IsBlamedOnTheCallsLimit_EvenWhenTheTimerNeverFired()
    {
        // A starved thread pool: the budget's timer never gets a thread, so only the script's own 1 s limit stops the
        // script. By then the call's 0.2 s are long gone, and that is what the incident must say.
        var budget = new ExecutionBudget(0, TimeSpan.FromMilliseconds(200), new StarvedTimers());
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Budget = budget });
        var definition = new WorkflowBuilder("spin")
            .Flowchart(f => f.Start().WriteLine("spin", Expr.JavaScript("while (true) {}", "String")).Chain("start", "spin"))
            .Build();

        var workflow = await StartAsync(harness, definition, budget);

        workflow.AssertFaulted();
        Assert.Equal("Stopped after the time limit of 0.2 s without waiting for anything: is there a loop without a wait?", Assert.Single(workflow.State.Incidents).Message);
    }

    [Fact]
    public async Task AScriptThatFailsOnItsOwn_WithinTheCallsTime_FaultsWithItsOwnError()
    {
        var budget = new ExecutionBudget(0, TimeSpan.FromSeconds(30), new StarvedTimers());
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Budget = budget });
        var definition = new WorkflowBuilder("broken")
            .Flowchart(f => f.Start().WriteLine("broken", Expr.JavaScript("null.x", "String")).Chain("start", "broken"))
            .Build();

        var workflow = await StartAsync(harness, definition, budget);

        Assert.DoesNotContain("time limit", Assert.Single(workflow.State.Incidents).Message, StringComparison.Ordinal);
    }

    /// <summary>Real time, but timers that never fire: what a thread pool too busy to run their callbacks looks like.</summary>
    private sealed class StarvedTimers : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

        private sealed class Never : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task ALoopOfCheapActivities_FaultsAtTheTimeLimit_WhenTheActivityLimitIsFarAway()
    {
        var budget = new ExecutionBudget(int.MaxValue, TimeSpan.FromMilliseconds(100));
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Budget = budget, Journal = false });

        var workflow = await StartAsync(harness, EndlessLoop(), budget);

        workflow.AssertFaulted();
        Assert.StartsWith("Stopped after the time limit of 0.1 s", Assert.Single(workflow.State.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBudget_CountsOneCall_SoALoopWithAWaitRunsAsLongAsEachCallStaysUnderIt()
    {
        var budget = new ExecutionBudget(10, TimeSpan.Zero);
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Budget = budget });
        var workflow = await StartAsync(harness, LoopWithAWait(), budget);

        for (var call = 0; call < 5; call++)
        {
            budget.Begin();
            Assert.Equal(1, await harness.Runtime.PublishEventAsync("go", cancellationToken: budget.Token));
            workflow.AssertSuspended();
        }

        // A pass runs five activities (the wait's resumption, three lines, the wait again): without a new call, the
        // same budget of ten runs out during the second pass.
        Assert.Equal(1, await harness.Runtime.PublishEventAsync("go", cancellationToken: budget.Token));
        workflow.AssertSuspended();
        Assert.Equal(1, await harness.Runtime.PublishEventAsync("go", cancellationToken: budget.Token));
        workflow.AssertFaulted();
        Assert.Empty(workflow.State.Bookmarks);
    }

    [Fact]
    public async Task WithoutABudget_ALongLoopRunsToItsEnd()
    {
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Journal = false });
        var definition = new WorkflowBuilder("long-loop")
            .Variable("N", "Int32", "0")
            .Flowchart(f => f.Start()
                .SetVariable("inc", "N", Expr.JavaScript("variables.N + 1", "Int32"), "Int32")
                .Decision("check", Expr.JavaScript("variables.N >= 2000", "Boolean"))
                .WriteLine("done", "done")
                .Chain("start", "inc", "check").Connect("check", "done", "True").Connect("check", "inc", "False"))
            .Build();

        var workflow = await harness.StartAsync(definition);

        workflow.AssertFinished();
        Assert.Equal(2000, workflow.Variable("N"));
    }

    [Fact]
    public async Task CompletedJournalRecords_NameThePortsTheActivityContinuedOn()
    {
        var definition = new WorkflowBuilder("ports")
            .Flowchart(f => f.Start().Decision("check", Expr.JavaScript("1 + 1 === 2", "Boolean")).WriteLine("yes", "yes")
                .Chain("start", "check").Connect("check", "yes", "True"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        var completed = Assert.Single(workflow.Journal, j => j.ActivityId == "check" && j.EventName == JournalEvents.Completed);
        Assert.Equal(["True"], completed.Outcomes);
        Assert.Null(Assert.Single(workflow.Journal, j => j.ActivityId == "check" && j.EventName == JournalEvents.Started).Outcomes);
    }

    [Fact]
    public async Task ActivityRan_IsCalledAfterEachExecution_WithWhatItJournaledAlreadyRecorded()
    {
        var harness = new WorkflowHarness();
        var workflow = harness.Runtime.Runner.CreateInstance(new WorkflowBuilder("ran")
            .Flowchart(f => f.Start().WriteLine("a", "a").Event("wait", "go").Chain("start", "a", "wait"))
            .Build());
        var seen = new List<string>();
        workflow.ActivityRan = context => seen.Add($"{context.Node.Id}:{workflow.Journal[^1].EventName}");

        await harness.Runtime.Runner.RunAsync(workflow);

        Assert.Equal(["Workflow1:Started", "flowchart1:Started", "start:Completed", "a:Completed", "wait:Suspended"], seen);
    }
}
