using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class LoopTests
{
    [Fact]
    public async Task BackEdge_RerunsItsTarget_UntilAnObjectSetVariableEndsTheLoop()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("loop-set-variable-object.json"));

        Assert.Equal(["tick", "tick", "done"], lines);
        Assert.Equal(true, workflow.Variable("Done"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task BackEdge_RerunsItsTarget_UntilALiteralSetVariableEndsTheLoop()
    {
        var definition = new WorkflowBuilder("loop-literal")
            .Variable("Done", "Boolean", "false")
            .Flowchart(f => f
                .Start().WriteLine("tick", "tick").Decision("check", Expr.Variable("Done", "Boolean"))
                .SetVariable("set", "Done", Expr.Literal("true", "Object"), "Boolean").WriteLine("done", "done")
                .Chain("start", "tick", "check").Connect("check", "set", "False").Connect("check", "done", "True").Chain("set", "tick"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["tick", "tick", "done"], lines);
        Assert.Equal(true, workflow.Variable("Done"));
    }

    [Fact]
    public async Task BackEdge_ToASuspendingActivity_WaitsAgainOnEveryPass()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("loop-event-driven.json"));
        Assert.Equal(["begin"], harness.Lines);
        workflow.AssertSuspended();

        Assert.Equal(1, await harness.Runtime.PublishEventAsync("tick", payload: false));
        Assert.Equal(1, await harness.Runtime.PublishEventAsync("tick", payload: false));
        workflow.AssertSuspended();
        Assert.Single(workflow.State.Bookmarks);
        Assert.Equal(1, await harness.Runtime.PublishEventAsync("tick", payload: true));

        Assert.Equal(["begin", "again", "again", "done"], harness.Lines);
        Assert.Equal(true, workflow.Variable("Stop"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task BackEdge_IntoACycleWithTwoEntries_FaultsAsAnInvalidLoop()
    {
        var definition = new WorkflowBuilder("invalid-loop")
            .Flowchart(f => f
                .Start().Fork("fork", "A", "B").WriteLine("p", "p").WriteLine("q", "q")
                .Chain("start", "fork").Connect("fork", "p", "A").Connect("fork", "q", "B").Chain("p", "q").Chain("q", "p"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        workflow.AssertFaulted();
        Assert.Contains("loop", Assert.Single(workflow.State.Incidents).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Loop_CountsWithJavaScript_AndKeepsTheCounterAnInt32()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("js-loop-counter.json"));

        Assert.Equal(["n=1", "n=2", "n=3", "done"], lines);
        Assert.Equal(3, workflow.Variable("Counter"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Loop_ThroughAForkAndWaitAllJoin_RunsTheJoinOncePerPass()
    {
        var definition = new WorkflowBuilder("loop-fork-join")
            .Variable("Counter", "Int32", "0")
            .Flowchart(f => f
                .Start().SetVariable("inc", "Counter", Expr.JavaScript("getCounter() + 1"), "Int32").Fork("fork", "X", "Y")
                .WriteLine("x", Expr.JavaScript("'x' + getCounter()", "String")).WriteLine("y", Expr.JavaScript("'y' + getCounter()", "String"))
                .Join("join", "WaitAll").Decision("check", Expr.JavaScript("getCounter() < 2", "Boolean")).WriteLine("done", "done")
                .Chain("start", "inc", "fork").Connect("fork", "x", "X").Connect("fork", "y", "Y")
                .Chain("x", "join").Chain("y", "join").Chain("join", "check")
                .Connect("check", "inc", "True").Connect("check", "done", "False"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["x1", "y1", "x2", "y2", "done"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Loop_ThroughAnImplicitJoinWithADifferentSkippedBranchEachPass_RunsTheJoinOncePerPass()
    {
        var definition = new WorkflowBuilder("loop-implicit-join")
            .Variable("Counter", "Int32", "0")
            .Flowchart(f => f
                .Start().SetVariable("inc", "Counter", Expr.JavaScript("getCounter() + 1"), "Int32")
                .Decision("odd", Expr.JavaScript("getCounter() % 2 == 1", "Boolean"))
                .WriteLine("a", Expr.JavaScript("'a' + getCounter()", "String")).WriteLine("b", Expr.JavaScript("'b' + getCounter()", "String"))
                .WriteLine("merge", Expr.JavaScript("'m' + getCounter()", "String"))
                .Decision("check", Expr.JavaScript("getCounter() < 3", "Boolean")).WriteLine("done", "done")
                .Chain("start", "inc", "odd").Connect("odd", "a", "True").Connect("odd", "b", "False")
                .Chain("a", "merge").Chain("b", "merge").Chain("merge", "check")
                .Connect("check", "inc", "True").Connect("check", "done", "False"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["a1", "m1", "b2", "m2", "a3", "m3", "done"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task SelfLoop_OnAnEvent_WaitsAgainAfterEveryDelivery()
    {
        var definition = new WorkflowBuilder("self-loop")
            .Flowchart(f => f
                .Start().Event("wait", "tick").WriteLine("tick", "tick")
                .Chain("start", "wait").Connect("wait", "wait").Connect("wait", "tick"))
            .Build();
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(definition);

        await harness.Runtime.PublishEventAsync("tick");
        await harness.Runtime.PublishEventAsync("tick");

        Assert.Equal(["tick", "tick"], harness.Lines);
        Assert.Equal("wait", workflow.SingleBookmark("Elsa.Event").ActivityId);
        workflow.AssertSuspended();
    }
}
