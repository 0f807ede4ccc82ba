using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class RoutingTests
{
    private static Dictionary<string, object?> Input(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    [Theory]
    [InlineData(true, "approved")]
    [InlineData(false, "rejected")]
    public async Task FlowDecision_FollowsOnlyThePortOfItsCondition(bool approved, string expected)
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("decision-input.json"), Input(("Approved", approved)));

        Assert.Equal([expected], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Outcome_FollowsEveryConnectionOfTheMatchingPort_InConnectionOrder()
    {
        var definition = new WorkflowBuilder("ports")
            .Flowchart(f => f
                .Start().Decision("check", Expr.Literal(true, "Boolean"))
                .WriteLine("t1", "t1").WriteLine("t2", "t2").WriteLine("f", "f")
                .Chain("start", "check")
                .Connect("check", "t2", "True").Connect("check", "f", "False").Connect("check", "t1", "True"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["t2", "t1"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Outcome_DoesNotFollowAConnectionFromAPortTheActivityNeverProduces()
    {
        var definition = new WorkflowBuilder("wrong-port")
            .Flowchart(f => f
                .Start().WriteLine("a", "a").WriteLine("b", "b")
                .Chain("start", "a").Connect("a", "b", "Failed"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["a"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Connection_ToAMissingActivity_IsDropped()
    {
        var definition = new WorkflowBuilder("dangling-connection")
            .Flowchart(f => f
                .Start().WriteLine("a", "a")
                .Chain("start", "a").Connect("a", "ghost").Connect("ghost", "a"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["a"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowSwitch_MatchFirst_TakesOnlyTheFirstMatchingCase()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("switch-match-first.json"), Input(("IsGold", false), ("IsSilver", true), ("IsBronze", true)));

        Assert.Equal(["silver", "after"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowSwitch_MatchAny_TakesEveryMatchingCase_AndTheImplicitJoinRunsOnce()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("switch-match-any.json"), Input(("IsGold", false), ("IsSilver", true), ("IsBronze", true)));

        Assert.Equal(["silver", "bronze", "after"], lines);
        workflow.AssertFinished();
    }

    [Theory]
    [InlineData("switch-match-first.json")]
    [InlineData("switch-match-any.json")]
    public async Task FlowSwitch_TakesDefault_WhenNoCaseMatches(string file)
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load(file), Input(("IsGold", false), ("IsSilver", false), ("IsBronze", false)));

        Assert.Equal(["default", "after"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FlowSwitch_DefaultsToMatchFirst_WhenModeIsUnset()
    {
        var definition = new WorkflowBuilder("switch-no-mode")
            .Flowchart(f => f
                .Start()
                .Switch("switch", "MatchFirst", ("One", Expr.Literal(true, "Boolean")), ("Two", Expr.Literal(true, "Boolean")))
                .WriteLine("one", "one").WriteLine("two", "two")
                .Chain("start", "switch").Connect("switch", "one", "One").Connect("switch", "two", "Two"))
            .Build();
        definition.Root.Activities![1].Properties["mode"] = null;

        var (_, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["one"], lines);
    }

    [Fact]
    public async Task FlowSwitch_AcceptsCasesWrappedInAnObjectExpression()
    {
        var definition = new WorkflowBuilder("switch-wrapped")
            .Flowchart(f => f
                .Start()
                .Add("switch", "Elsa.FlowSwitch",
                    ("cases", Expr.Object("[{\"label\":\"No\",\"condition\":{\"type\":\"Literal\",\"value\":\"false\"}},{\"label\":\"Yes\",\"condition\":{\"type\":\"Literal\",\"value\":\"true\"}}]")),
                    ("mode", Expr.Literal("MatchFirst")))
                .WriteLine("no", "no").WriteLine("yes", "yes")
                .Chain("start", "switch").Connect("switch", "no", "No").Connect("switch", "yes", "Yes"))
            .Build();

        var (_, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["yes"], lines);
    }

    [Fact]
    public async Task FlowDecision_WithAConditionThatIsNotABoolean_Faults()
    {
        var definition = new WorkflowBuilder("decision-bad")
            .Flowchart(f => f.Start().Decision("check", Expr.Literal("maybe", "Boolean")).Chain("start", "check"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        workflow.AssertFaulted();
        Assert.Equal("check", Assert.Single(workflow.State.Incidents).ActivityId);
    }
}
