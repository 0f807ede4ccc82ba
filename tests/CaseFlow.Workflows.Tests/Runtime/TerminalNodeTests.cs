using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class TerminalNodeTests
{
    [Fact]
    public async Task End_CompletesOnlyTheEnclosingFlowchart_AndTheOuterFlowchartContinues()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("end-in-nested-flowchart.json"));

        Assert.Equal(["inner-a", "outer-after"], lines);
        Assert.Empty(workflow.State.Bookmarks);
        Assert.Contains(JournalEvents.Canceled, workflow.JournalOf("wait"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Finish_InsideANestedFlowchart_EndsTheWholeWorkflow()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("finish-in-nested-flowchart.json"));

        Assert.Equal(["inner-a"], lines);
        Assert.Empty(workflow.State.Bookmarks);
        Assert.Empty(workflow.JournalOf("outer"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task End_FinishesTheFlowchart_WhileAParallelBranchIsSuspended()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("end-with-suspended-branch.json"));

        Assert.Equal(["b"], lines);
        Assert.Empty(workflow.State.Bookmarks);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Finish_RemovesTheBookmarksOfSuspendedParallelBranches_AndFinishes()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("finish-with-suspended-branch.json"));

        Assert.Equal(["b"], lines);
        Assert.Empty(workflow.State.Bookmarks);
        Assert.NotNull(workflow.State.FinishedAt);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Finish_LeavesNothingToResume()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("finish-with-suspended-branch.json"));

        var resumed = await harness.Runtime.PublishEventAsync("never");

        Assert.Equal(0, resumed);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Complete_AtTheTopLevel_FinishesTheWorkflowWithItsOutcomes()
    {
        var definition = new WorkflowBuilder("complete-top")
            .Outcomes("Approved", "Rejected")
            .Flowchart(f => f
                .Start().Add("complete", "Elsa.Complete", ("outcomes", Expr.Object("[\"Approved\"]"))).WriteLine("after", "after")
                .Chain("start", "complete", "after"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Empty(lines);
        Assert.Equal(["Approved"], workflow.State.Outcomes);
        workflow.AssertFinished();
    }
}
