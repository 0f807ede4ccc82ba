using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

/// <summary>Flowcharts whose conditions and values are JavaScript: they need the JavaScript evaluator in <see cref="WorkflowEngine.CreateEvaluators"/>.</summary>
public class JavaScriptFlowTests
{
    [Fact]
    public async Task FlowDecision_EvaluatesAJavaScriptConditionOverVariables()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("js-decision.json"));

        Assert.Empty(workflow.State.Incidents);
        Assert.Equal(["big: 1500"], lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task SetVariable_WithJavaScript_StoresTheResultAsTheVariableType()
    {
        var definition = new WorkflowBuilder("js-set")
            .Variable("Total", "Int32", "2")
            .Flowchart(f => f.Start().SetVariable("set", "Total", Expr.JavaScript("getTotal() * 21"), "Int32").Chain("start", "set"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        Assert.Empty(workflow.State.Incidents);
        Assert.Equal(42, Assert.IsType<int>(workflow.Variable("Total")));
    }

    [Fact]
    public async Task FlowSwitch_EvaluatesJavaScriptCaseConditions()
    {
        var definition = new WorkflowBuilder("js-switch")
            .Variable("Tier", "String", "Silver")
            .Flowchart(f => f
                .Start()
                .Switch("switch", "MatchFirst",
                    ("Gold", Expr.JavaScript("getTier() === 'Gold'", "Boolean")),
                    ("Silver", Expr.JavaScript("variables.Tier === 'Silver'", "Boolean")))
                .WriteLine("gold", "gold").WriteLine("silver", "silver").WriteLine("other", "other")
                .Chain("start", "switch").Connect("switch", "gold", "Gold").Connect("switch", "silver", "Silver").Connect("switch", "other", "Default"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Empty(workflow.State.Incidents);
        Assert.Equal(["silver"], lines);
    }
}
