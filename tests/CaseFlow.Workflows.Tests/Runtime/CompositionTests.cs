using System.Text.Json.Nodes;
using CaseFlow.Workflows.Activities.Composition;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class CompositionTests
{
    [Fact]
    public async Task WorkflowAsActivity_CompleteOutcome_RoutesTheParentOnThatPort_AndDoesNotEndTheParent()
    {
        var harness = new WorkflowHarness().Register(Golden.Load("child-with-outcomes.json"));

        var workflow = await harness.StartAsync(Golden.Load("parent-with-outcomes.json"));

        Assert.Equal(["child", "success", "parent-end"], harness.Lines);
        Assert.Equal(["Done"], workflow.State.Outcomes);
        Assert.Single(harness.Runtime.Instances);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task WorkflowAsActivity_PassesInputs_AndCapturesOutputsIntoParentVariables()
    {
        var harness = new WorkflowHarness().Register(Golden.Load("child-greeter.json"));

        var workflow = await harness.StartAsync(Golden.Load("parent-greeter.json"));

        Assert.Equal(["Bob", "Hello from child"], harness.Lines);
        Assert.Equal("Hello from child", workflow.Variable("Greeting"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task WorkflowAsActivity_IsFoundByItsNameAlone()
    {
        var parent = Golden.Load("parent-greeter.json");
        var greet = parent.Root.Activities!.Single(a => a.Id == "greet");
        greet.Properties.Remove("workflowDefinitionId");
        greet.Properties.Remove("workflowDefinitionVersionId");
        var harness = new WorkflowHarness().Register(Golden.Load("child-greeter.json"));

        var workflow = await harness.StartAsync(parent);

        Assert.Equal(["Bob", "Hello from child"], harness.Lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task UnknownActivityType_FaultsOnlyWhenItRuns()
    {
        var definition = new WorkflowBuilder("unknown-type")
            .Flowchart(f => f
                .Start().WriteLine("a", "a").Add("mystery", "Acme.DoesNotExist", ("data", Expr.Literal("x")))
                .Chain("start", "a", "mystery"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["a"], lines);
        workflow.AssertFaulted();
        var incident = Assert.Single(workflow.State.Incidents);
        Assert.Equal("mystery", incident.ActivityId);
        Assert.Contains("Acme.DoesNotExist", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteWorkflow_WaitingForAChildThatSuspends_SuspendsTheParentUntilTheChildFinishes()
    {
        var harness = new WorkflowHarness().Register(Golden.Load("child-waits-for-event.json"));

        var parent = await harness.StartAsync(Golden.Load("parent-execute-wait.json"));

        Assert.Equal(["parent-start", "child-start"], harness.Lines);
        parent.AssertSuspended();
        var child = Assert.Single(harness.Runtime.Instances, i => i.Id != parent.Id);
        Assert.Equal(parent.Id, child.State.ParentWorkflowInstanceId);
        child.AssertSuspended();
        var bookmark = parent.SingleBookmark(ExecuteWorkflow.BookmarkName);
        Assert.Equal(child.Id, bookmark.Payload["childInstanceId"]);

        await harness.Runtime.PublishEventAsync("continue");

        Assert.Equal(["parent-start", "child-start", "child-end", "parent-end"], harness.Lines);
        child.AssertFinished();
        parent.AssertFinished();
        var result = Assert.IsType<Dictionary<string, object?>>(parent.Variable("ChildResult"));
        Assert.Equal(child.Id, result["workflowInstanceId"]);
        Assert.Equal("Finished", result["status"]);
        Assert.Equal("ok", Assert.IsType<Dictionary<string, object?>>(result["output"])["Result"]);
    }

    [Fact]
    public async Task ExecuteWorkflow_NotWaiting_ContinuesAtOnce_WhileTheChildStaysSuspended()
    {
        var harness = new WorkflowHarness().Register(Golden.Load("child-waits-for-event.json"));

        var parent = await harness.StartAsync(Golden.Load("parent-execute-no-wait.json"));

        Assert.Equal(["parent-start", "child-start", "parent-end"], harness.Lines);
        parent.AssertFinished();
        var child = Assert.Single(harness.Runtime.Instances, i => i.Id != parent.Id);
        child.AssertSuspended();
        var result = Assert.IsType<Dictionary<string, object?>>(parent.Variable("ChildResult"));
        Assert.Equal("Running", result["status"]);
        Assert.Equal("Suspended", result["subStatus"]);

        await harness.Runtime.PublishEventAsync("continue");

        Assert.Equal(["parent-start", "child-start", "parent-end", "child-end"], harness.Lines);
        child.AssertFinished();
    }

    [Fact]
    public async Task ExecuteWorkflow_WaitingForAChildThatFinishesAtOnce_ContinuesInTheSameBurst()
    {
        var child = new WorkflowBuilder("quick-child").Output("Answer", "Int32")
            .Flowchart(f => f.Start().Add("out", "Elsa.SetOutput", ("outputName", Expr.Literal("Answer")), ("outputValue", Expr.Literal("42", "Object"))).Chain("start", "out"))
            .Build();
        var parent = new WorkflowBuilder("quick-parent").Variable("ChildResult", "Object")
            .Flowchart(f => f
                .Start()
                .Add("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Expr.Literal("quick-child")), ("waitForCompletion", Expr.Literal(true, "Boolean")), ("result", Expr.Capture("ChildResult")))
                .WriteLine("after", "after")
                .Chain("start", "run", "after"))
            .Build();
        var harness = new WorkflowHarness().Register(child);

        var workflow = await harness.StartAsync(parent);

        Assert.Equal(["after"], harness.Lines);
        workflow.AssertFinished();
        var result = Assert.IsType<Dictionary<string, object?>>(workflow.Variable("ChildResult"));
        Assert.Equal(42, Assert.IsType<Dictionary<string, object?>>(result["output"])["Answer"]);
    }

    [Fact]
    public async Task ExecuteWorkflow_WithAnUnknownDefinition_Faults()
    {
        var parent = new WorkflowBuilder("orphan-parent")
            .Flowchart(f => f.Start().Add("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Expr.Literal("nobody"))).Chain("start", "run"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(parent);

        workflow.AssertFaulted();
        Assert.Equal("run", Assert.Single(workflow.State.Incidents).ActivityId);
    }

    [Fact]
    public async Task SequenceRoot_RunsItsActivitiesInOrder()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("sequence-root.json"));

        Assert.Equal(["one", "two", "three"], lines);
        Assert.Equal("two", workflow.Variable("Word"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task WorkflowAsActivity_ThatSuspends_SuspendsTheParentInstance_AndResumesInsideIt()
    {
        var child = new WorkflowBuilder("waiting-child", "WaitingChild").UsableAsActivity().Output("Said", "String")
            .Flowchart(f => f
                .Start().Event("wait", "go", captureInto: "Heard")
                .Add("out", "Elsa.SetOutput", ("outputName", Expr.Literal("Said")), ("outputValue", Expr.Variable("Heard")))
                .Chain("start", "wait", "out"))
            .Variable("Heard", "String")
            .Build();
        var parent = new WorkflowBuilder("waiting-parent").Variable("Said", "String")
            .Flowchart(f => f
                .Start().Add("child", "WaitingChild", ("workflowDefinitionId", JsonValue.Create("waiting-child")), ("said", Expr.Capture("Said", "String")))
                .WriteLine("show", Expr.Variable("Said", "String"))
                .Chain("start", "child", "show"))
            .Build();
        var harness = new WorkflowHarness().Register(child);

        var workflow = await harness.StartAsync(parent);
        workflow.AssertSuspended();
        Assert.Equal("wait", workflow.SingleBookmark("Elsa.Event").ActivityId);
        Assert.Single(harness.Runtime.Instances);

        await harness.Runtime.PublishEventAsync("go", payload: "hello");

        Assert.Equal(["hello"], harness.Lines);
        Assert.Equal("hello", workflow.Variable("Said"));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task WorkflowAsActivity_ChildVariables_DoNotLeakIntoTheParent()
    {
        var child = new WorkflowBuilder("scoped-child", "ScopedChild").UsableAsActivity()
            .Variable("Shared", "String", "child-initial")
            .Flowchart(f => f.Start().SetVariable("set", "Shared", Expr.Literal("child-set", "Object"), "String").Chain("start", "set"))
            .Build();
        var parent = new WorkflowBuilder("scoped-parent").Variable("Shared", "String", "parent")
            .Flowchart(f => f
                .Start().Add("child", "ScopedChild", ("workflowDefinitionId", JsonValue.Create("scoped-child")))
                .WriteLine("show", Expr.Variable("Shared", "String")).Chain("start", "child", "show"))
            .Build();
        var harness = new WorkflowHarness().Register(child);

        var workflow = await harness.StartAsync(parent);

        Assert.Equal(["parent"], harness.Lines);
        Assert.Equal("parent", workflow.Variable("Shared"));
    }

    [Fact]
    public async Task ExecuteWorkflow_PassesItsInputAndCorrelationToTheChild()
    {
        var child = new WorkflowBuilder("echo-child").Input("Message", "String")
            .Flowchart(f => f.Start().WriteLine("say", Expr.Input("Message", "String")).Chain("start", "say"))
            .Build();
        var parent = new WorkflowBuilder("echo-parent")
            .Flowchart(f => f
                .Start()
                .Add("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Expr.Literal("echo-child")), ("input", Expr.Object("{\"Message\":\"hi from parent\"}", "ObjectDictionary")), ("waitForCompletion", Expr.Literal(true, "Boolean")))
                .Chain("start", "run"))
            .Build();
        var harness = new WorkflowHarness().Register(child);

        var workflow = await harness.StartAsync(parent, correlationId: "corr-1");

        Assert.Equal(["hi from parent"], harness.Lines);
        var childInstance = Assert.Single(harness.Runtime.Instances, i => i.Id != workflow.Id);
        Assert.Equal("corr-1", childInstance.State.CorrelationId);
        Assert.Equal("hi from parent", childInstance.State.Input["Message"]);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task WorkflowAsActivity_ChildNodeIds_AreNestedUnderTheParentNode()
    {
        var harness = new WorkflowHarness().Register(Golden.Load("child-with-outcomes.json"));

        var workflow = await harness.StartAsync(Golden.Load("parent-with-outcomes.json"));

        var nodeIds = workflow.Journal.Where(j => j.EventName == JournalEvents.Started).Select(j => j.ActivityNodeId).ToList();
        Assert.Equal(nodeIds.Count, nodeIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Workflow1:fc1:child:fc1:hello", nodeIds);
    }

    [Fact]
    public async Task SequenceRoot_SuspendsAtAnEvent_AndContinuesWithTheNextActivityOnResume()
    {
        var definition = new WorkflowBuilder("sequence-event")
            .Root(new JsonObject
            {
                ["id"] = "seq", ["type"] = "Elsa.Sequence", ["version"] = 1, ["customProperties"] = new JsonObject(),
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "before", ["type"] = "Elsa.WriteLine", ["text"] = Expr.Literal("before") },
                    new JsonObject { ["id"] = "wait", ["type"] = "Elsa.Event", ["eventName"] = Expr.Literal("go") },
                    new JsonObject { ["id"] = "after", ["type"] = "Elsa.WriteLine", ["text"] = Expr.Literal("after") }),
            })
            .Build();
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(definition);
        Assert.Equal(["before"], harness.Lines);
        workflow.AssertSuspended();

        await harness.Runtime.PublishEventAsync("go");

        Assert.Equal(["before", "after"], harness.Lines);
        workflow.AssertFinished();
    }
}
