using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class ForkJoinTests
{
    private static Dictionary<string, object?> Flag(bool value) => new(StringComparer.Ordinal) { ["Flag"] = value };

    [Fact]
    public async Task FlowJoinWaitAll_RunsOnceAfterAllBranches_AndBranchesInterleaveBreadthFirst()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("fork-join-wait-all.json"));

        Assert.Equal(["a1", "b1", "a2", "joined"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowFork_RunsBranchesInConnectionOrder_AndFinishesWithoutAJoin()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("fork-no-join-connection-order.json"));

        Assert.Equal(["c", "a", "b", "a2"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowFork_WithNoBranches_ContinuesOnDone()
    {
        var definition = new WorkflowBuilder("fork-empty")
            .Flowchart(f => f.Start().Fork("fork").WriteLine("done", "done").Chain("start", "fork", "done"))
            .Build();

        var (_, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["done"], lines);
    }

    [Theory]
    [InlineData(true, new[] { "a", "c" })]
    [InlineData(false, new[] { "b", "b2", "c" })]
    public async Task Flowchart_RunsImplicitJoinOnce_WhenOneBranchIsSkipped(bool flag, string[] expected)
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("implicit-join-skip.json"), Flag(flag));

        Assert.Equal(expected, lines);
        workflow.AssertFinished();
    }

    [Theory]
    [InlineData(true, new[] { "x", "final" })]
    [InlineData(false, new[] { "a", "b", "c", "e", "final" })]
    public async Task Flowchart_PropagatesASkipThroughAnImplicitJoinWithNoFollowedInbound(bool flag, string[] expected)
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("implicit-join-skip-propagates.json"), Flag(flag));

        Assert.Equal(expected, lines);
        workflow.AssertFinished();
    }

    [Theory]
    [InlineData(true, new[] { "a" })]
    [InlineData(false, new[] { "b" })]
    public async Task FlowJoinWaitAll_IsSkipped_WhenOneInboundBranchIsNotTaken(bool flag, string[] expected)
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("join-wait-all-skipped.json"), Flag(flag));

        Assert.Equal(expected, lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowJoinWaitAllActive_RunsOnce_WhenOneInboundBranchIsNotTaken()
    {
        var definition = new WorkflowBuilder("join-wait-all-active")
            .Flowchart(f => f
                .Start().Decision("check", Expr.Literal(true, "Boolean")).WriteLine("a", "a").WriteLine("b", "b")
                .Join("join", "WaitAllActive").WriteLine("joined", "joined")
                .Chain("start", "check").Connect("check", "a", "True").Connect("check", "b", "False")
                .Chain("a", "join").Chain("b", "join").Chain("join", "joined"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["a", "joined"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowJoinWaitAny_CancelsTheSuspendedSiblingBranch_AndRemovesItsBookmark()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("join-wait-any-cancels-event.json"));

        Assert.Equal(["b", "joined"], lines);
        Assert.Empty(workflow.State.Bookmarks);
        Assert.Equal([JournalEvents.Started, JournalEvents.Suspended, JournalEvents.Canceled], workflow.JournalOf("wait"));
        Assert.Single(workflow.JournalOf("join"), JournalEvents.Started);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowJoinWaitAny_RunsOnceOnTheFirstArrival_AndIgnoresLaterArrivals()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("join-wait-any-runs-once.json"));

        Assert.Equal(["a", "b1", "b2", "joined"], lines);
        Assert.Single(workflow.JournalOf("join"), JournalEvents.Completed);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowJoin_DefaultsToWaitAny_WhenModeIsUnset()
    {
        var definition = new WorkflowBuilder("join-default")
            .Flowchart(f => f
                .Start().Fork("fork", "A", "B").WriteLine("a", "a").Event("wait", "never")
                .Add("join", "Elsa.FlowJoin").WriteLine("joined", "joined")
                .Chain("start", "fork").Connect("fork", "wait", "B").Connect("fork", "a", "A")
                .Chain("a", "join").Chain("wait", "join").Chain("join", "joined"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["a", "joined"], lines);
        Assert.Empty(workflow.State.Bookmarks);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task ImplicitJoin_WaitsForASuspendedBranch_AndRunsWhenItResumes()
    {
        var definition = new WorkflowBuilder("implicit-join-suspended")
            .Flowchart(f => f
                .Start().Fork("fork", "A", "B").WriteLine("a", "a").Event("wait", "go").WriteLine("joined", "joined")
                .Chain("start", "fork").Connect("fork", "a", "A").Connect("fork", "wait", "B")
                .Chain("a", "joined").Chain("wait", "joined"))
            .Build();
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(definition);
        Assert.Equal(["a"], harness.Lines);
        workflow.AssertSuspended();

        await harness.Runtime.PublishEventAsync("go");

        Assert.Equal(["a", "joined"], harness.Lines);
        workflow.AssertFinished();
    }
}
