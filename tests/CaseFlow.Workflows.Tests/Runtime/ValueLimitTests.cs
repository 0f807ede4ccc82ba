using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

/// <summary>Issue 9: what an instance stores is bounded, so one activity cannot bloat the database and every read of the instance.</summary>
public class ValueLimitTests
{
    private const string Doubling = "{% assign s = \"x\" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}";

    [Fact]
    public async Task The_liquid_doubling_attack_faults_the_activity_with_an_incident_naming_the_output_limit_and_stores_nothing_huge()
    {
        var definition = new WorkflowBuilder("doubling")
            .Variable("Text", "String")
            .Flowchart(f => f.Start().SetVariable("double", "Text", Expr.Liquid(Doubling), "String").WriteLine("after", "not reached").Chain("start", "double", "after"))
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        workflow.AssertFaulted();
        var incident = Assert.Single(workflow.State.Incidents);
        Assert.Equal("double", incident.ActivityId);
        Assert.Equal("Liquid exceeded the output limit of 1048576 characters", incident.Message);
        Assert.Empty(lines);
        Assert.Null(workflow.Variable("Text"));
        Assert.True(WorkflowSnapshotSerializer.Serialize(workflow.CreateSnapshot()).Length < 100_000);
    }

    [Fact]
    public async Task Setting_a_variable_bigger_than_the_size_limit_faults_the_activity_with_an_incident_naming_the_limit()
    {
        var definition = new WorkflowBuilder("big-variable")
            .Variable("Text", "String", "small")
            .Flowchart(f => f.Start().SetVariable("fill", "Text", Expr.Liquid("{% for i in (1..2000) %}x{% endfor %}"), "String").Chain("start", "fill"))
            .Build();
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { MaxVariableSize = 1024 });

        var workflow = await harness.StartAsync(definition);

        workflow.AssertFaulted();
        Assert.Equal("Variable 'Text' exceeds the size limit of 1 KB", Assert.Single(workflow.State.Incidents).Message);
        Assert.Equal("small", workflow.Variable("Text"));
    }

    [Fact]
    public async Task A_variable_within_the_size_limit_is_stored()
    {
        var definition = new WorkflowBuilder("fits")
            .Variable("Text", "String")
            .Flowchart(f => f.Start().SetVariable("fill", "Text", Expr.Liquid("{% for i in (1..1000) %}x{% endfor %}"), "String").Chain("start", "fill"))
            .Build();
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { MaxVariableSize = 1024 });

        var workflow = await harness.StartAsync(definition);

        workflow.AssertFinished();
        Assert.Equal(new string('x', 1000), workflow.Variable("Text"));
    }

    // Snapshots and the value converters walk stored values recursively; a value nested past the limit is refused where it is set.
    [Fact]
    public async Task Setting_a_variable_nested_deeper_than_the_depth_limit_faults_the_activity()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        var definition = new WorkflowBuilder("deep-variable")
            .Variable("Doc", "Object")
            .Flowchart(f => f.Start().SetVariable("set", "Doc", Expr.Object(deep)).Chain("start", "set"))
            .Build();

        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        workflow.AssertFaulted();
        Assert.Equal("Variable 'Doc' is nested deeper than the limit of 32 levels", Assert.Single(workflow.State.Incidents).Message);
    }

    [Fact]
    public async Task An_activity_output_bigger_than_the_size_limit_faults_the_activity()
    {
        var definition = new WorkflowBuilder("big-output")
            .Flowchart(f => f.Start().Add("script", "Elsa.RunJavaScript", ("script", Expr.Literal("return 'x'.repeat(2000);"))).Chain("start", "script"))
            .Build();
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { MaxVariableSize = 1024 });

        var workflow = await harness.StartAsync(definition);

        workflow.AssertFaulted();
        Assert.Equal("Output 'result' exceeds the size limit of 1 KB", Assert.Single(workflow.State.Incidents).Message);
    }
}
