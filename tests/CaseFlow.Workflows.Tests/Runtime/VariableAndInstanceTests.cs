using System.Globalization;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class VariableAndInstanceTests
{
    [Fact]
    public async Task Variables_AreTypedByTypeName_FromTheirStringInitialValues()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("variables-typed.json"));

        Assert.Equal(["Ada"], lines);
        Assert.Equal(0, Assert.IsType<int>(workflow.Variable("Count")));
        Assert.Equal(1.5, Assert.IsType<double>(workflow.Variable("Ratio")));
        Assert.True(Assert.IsType<bool>(workflow.Variable("Flag")));
        Assert.Equal("Ada", workflow.Variable("Name"));
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), Assert.IsType<DateTimeOffset>(workflow.Variable("Due")));
        Assert.Null(workflow.Variable("Anything"));
    }

    [Fact]
    public async Task SetVariable_CoercesTheValueToTheVariableType()
    {
        var definition = new WorkflowBuilder("coerce")
            .Variable("Count", "Int32", "0")
            .Flowchart(f => f.Start().SetVariable("set", "Count", Expr.Literal("41", "Object"), "Int32").Chain("start", "set"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(41, Assert.IsType<int>(workflow.Variable("Count")));
    }

    [Fact]
    public async Task SetVariable_FindsTheVariableById_EvenWhenTheNameInTheNodeIsStale()
    {
        var definition = new WorkflowBuilder("by-id")
            .Variable("Total", "Int32", "0")
            .Flowchart(f => f.Start().SetVariable("set", "Total", Expr.Literal(5, "Object"), "Int32").Chain("start", "set"))
            .Build();
        definition.Root.Activities![1].Properties["variable"]!["name"] = "OldName";

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(5, workflow.Variable("Total"));
        Assert.False(workflow.Root!.TryGetVariable("OldName", out _));
    }

    [Fact]
    public async Task SetVariable_WithAVariableExpression_CopiesAnotherVariable()
    {
        var definition = new WorkflowBuilder("copy")
            .Variable("Source", "String", "copied").Variable("Target", "String")
            .Flowchart(f => f.Start().SetVariable("set", "Target", Expr.Variable("Source", "String"), "String").Chain("start", "set"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal("copied", workflow.Variable("Target"));
    }

    [Fact]
    public async Task WorkflowInputs_AreConvertedToTheirDeclaredTypes()
    {
        var definition = new WorkflowBuilder("inputs")
            .Input("Count", "Int32")
            .Flowchart(f => f.Start().WriteLine("show", Expr.Input("Count", "String")).Chain("start", "show"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition, new Dictionary<string, object?> { ["count"] = "5" });

        Assert.Equal(5, Assert.IsType<int>(workflow.State.Input["Count"]));
        Assert.Equal(["5"], lines);
    }

    [Fact]
    public async Task SetNameCorrelateAndSetOutput_UpdateTheInstance()
    {
        var (workflow, _) = await WorkflowHarness.RunAsync(Golden.Load("instance-properties.json"));

        Assert.Equal("Order 42", workflow.State.Name);
        Assert.Equal("order-42", workflow.State.CorrelationId);
        Assert.Equal(42, Assert.IsType<int>(workflow.State.Output["Total"]));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task SetOutput_WithAnUndeclaredName_KeepsTheValueAsIs()
    {
        var definition = new WorkflowBuilder("free-output")
            .Flowchart(f => f.Start().Add("out", "Elsa.SetOutput", ("outputName", Expr.Literal("Note")), ("outputValue", Expr.Object("{\"a\":1}"))).Chain("start", "out"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(1, Convert.ToInt32(Assert.IsType<Dictionary<string, object?>>(workflow.State.Output["Note"])["a"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WriteLine_WithNullText_WritesAnEmptyLine()
    {
        var definition = new WorkflowBuilder("null-text")
            .Flowchart(f => f.Start().Add("blank", "Elsa.WriteLine", ("text", null)).Chain("start", "blank"))
            .Build();

        var (_, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal([""], lines);
    }

    [Fact]
    public async Task LiteralAndObjectIntegers_StayIntegers_InAnObjectVariable()
    {
        var definition = new WorkflowBuilder("integers")
            .Variable("Literal", "Object").Variable("Parsed", "Object")
            .Flowchart(f => f
                .Start()
                .SetVariable("lit", "Literal", Expr.Literal(7, "Object"))
                .SetVariable("obj", "Parsed", Expr.Object("{\"amount\":5}"))
                .Chain("start", "lit", "obj"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        Assert.IsType<int>(workflow.Variable("Literal"));
        Assert.IsType<int>(Assert.IsType<Dictionary<string, object?>>(workflow.Variable("Parsed"))["amount"]);
    }
}
