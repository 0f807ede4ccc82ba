using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class StartActivityTests
{
    [Fact]
    public async Task Flowchart_StartsAtElsaStart_EvenWhenAnEarlierActivityHasNoInboundConnection()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("start-elsa-start.json"));

        Assert.Equal(["after start"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Flowchart_StartsAtTheFirstCanStartWorkflowActivity_WhenThereIsNoStart()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("start-can-start-workflow.json"));

        Assert.Equal(["second", "third"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Flowchart_ReadsTopLevelCanStartWorkflowAndIgnoresTheLegacyStartKey()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("start-legacy-shape.json"));

        Assert.Equal(["two", "three"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Flowchart_StartsAtTheFirstActivityWithoutInboundConnections()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("start-first-without-inbound.json"));

        Assert.Equal(["a", "b", "c"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Flowchart_StartsAtTheFirstActivity_WhenEveryActivityHasAnInboundConnection()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("start-first-activity.json"));

        Assert.Equal(["head", "tail"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Flowchart_StartsAtTheTriggerActivity_WhenStartedByATrigger()
    {
        var definition = new WorkflowBuilder("triggered")
            .Variable("Payload", "Object")
            .Flowchart(f => f
                .Start().WriteLine("fromStart", "from start")
                .Event("trigger", "order-placed", captureInto: "Payload").WriteLine("fromTrigger", Expr.Variable("Payload", "String"))
                .Chain("start", "fromStart").Chain("trigger", "fromTrigger"))
            .Build();
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(definition, new Dictionary<string, object?> { ["Payload"] = "order 7" }, triggerActivityId: "trigger");

        Assert.Equal(["order 7"], harness.Lines);
        Assert.Empty(workflow.State.Bookmarks);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Flowchart_CompletesAtOnce_WhenItHasNoActivities()
    {
        var definition = new WorkflowBuilder("empty").Flowchart(_ => { }).Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Empty(lines);
        workflow.AssertFinished();
    }
}
