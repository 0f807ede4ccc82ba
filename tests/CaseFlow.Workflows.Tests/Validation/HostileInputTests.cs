using System.Text;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Runtime.Snapshots;
using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Tests.Support;
using CaseFlow.Workflows.Validation;
using static CaseFlow.Workflows.Tests.Validation.ValidationFixtures;

namespace CaseFlow.Workflows.Tests.Validation;

/// <summary>
/// Issue 9: nothing a user sends may overflow the stack, which ends the whole process. Each attack here overflowed (or
/// would overflow) a recursive parser or walker; each must come back as a located validation error instead.
/// </summary>
public sealed class HostileInputTests
{
    private readonly WorkflowValidator _validator = CreateValidator();

    private static string WithLiquidText(string template) => new WorkflowBuilder("hostile")
        .Flowchart(f => f.Start().WriteLine("say", Expr.Liquid(template)).Chain("start", "say"))
        .ToJson().ToJsonString();

    private static string NestedIfs(int depth) =>
        new StringBuilder().Insert(0, "{% if true %}", depth).Append('x').Insert(depth * "{% if true %}".Length + 1, "{% endif %}", depth).ToString();

    // The id becomes a file name on export and travels in URLs: validate must say what save and import refuse.
    [Theory]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData("a\r\nb")]
    public void A_definition_id_outside_the_grammar_is_a_located_validation_error(string id)
    {
        var json = new WorkflowBuilder(id).Flowchart(f => f.Start()).ToJson().ToJsonString();

        var issue = Assert.Single(_validator.ValidateJson(json), i => i.Path == "definitionId");

        Assert.Equal(ValidationSeverity.Error, issue.Severity);
    }

    // 20,000 deep ended the server with a stack overflow in DotLiquid's parser (10,000 still passed).
    [Fact]
    public void A_liquid_input_nested_20000_blocks_deep_is_a_located_validation_error()
    {
        var issues = _validator.ValidateJson(WithLiquidText(NestedIfs(20_000)));

        var issue = Assert.Single(issues);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
        Assert.Equal("root.activities[1].text", issue.Path);
        Assert.Contains("Liquid template nests deeper than 100 blocks", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flowcharts_nested_10000_deep_are_refused_by_the_reader_with_the_depth_limit()
    {
        var issues = _validator.ValidateJson(NestedFlowcharts(10_000));

        var issue = Assert.Single(issues);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
        Assert.Equal("$", issue.Path);
        Assert.Contains("The maximum configured depth of 256 has been exceeded", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_literal_input_nested_10000_deep_is_refused_by_the_reader_with_the_depth_limit()
    {
        var deep = Brackets(10_000);
        var json = new WorkflowBuilder("deep-literal")
            .Flowchart(f => f.Start().Add("say", "Elsa.WriteLine", ("text", JsonNode.Parse("{\"typeName\":\"Object\",\"expression\":{\"type\":\"Literal\",\"value\":0}}"))).Chain("start", "say"))
            .ToJson().ToJsonString().Replace("\"value\":0", "\"value\":" + deep, StringComparison.Ordinal);

        var issue = Assert.Single(_validator.ValidateJson(json));

        Assert.Equal(ValidationSeverity.Error, issue.Severity);
        Assert.Equal("$", issue.Path);
        Assert.Contains("The maximum configured depth of 256 has been exceeded", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_expression_nested_10000_deep_stays_text_in_validation_and_at_run_time()
    {
        var definition = new WorkflowBuilder("deep-object")
            .Variable("Doc", "Object")
            .Flowchart(f => f.Start().SetVariable("set", "Doc", Expr.Object(Brackets(10_000))).Chain("start", "set"))
            .Build();

        var issues = _validator.Validate(definition);
        var (workflow, _) = await WorkflowHarness.RunAsync(definition);

        // JSON that System.Text.Json refuses to parse past 64 levels is kept as the string it was written as.
        Assert.Empty(issues);
        workflow.AssertFinished();
        Assert.Equal(20_000, Assert.IsType<string>(workflow.Variable("Doc")).Length);
    }

    // As deep as the reader allows, the definition must still validate, run and be saved without overflowing.
    [Fact]
    public async Task Flowcharts_nested_as_deep_as_the_reader_allows_validate_run_and_snapshot()
    {
        var depth = 120;
        var json = NestedFlowcharts(depth);

        var issues = _validator.ValidateJson(json);
        var (workflow, lines) = await WorkflowHarness.RunAsync(WorkflowDefinitionReader.Read(json));

        Assert.DoesNotContain(issues, i => i.Severity == ValidationSeverity.Error);
        Assert.Equal(["deep"], lines);
        workflow.AssertFinished();
        Assert.NotEmpty(WorkflowSnapshotSerializer.Serialize(workflow.CreateSnapshot()));
    }

    // Such a definition validated and ran, but its instance could never be saved: the snapshot writer stops at 64 levels.
    [Fact]
    public void A_variable_value_nested_deeper_than_the_value_limit_is_a_located_validation_error()
    {
        var json = new WorkflowBuilder("deep-variable").Variable("Doc", "Object", "x").Flowchart(f => f.Start().Chain("start")).ToJson().ToJsonString()
            .Replace("\"value\":\"x\"", "\"value\":" + Brackets(100), StringComparison.Ordinal);

        var issue = Assert.Single(_validator.ValidateJson(json));

        Assert.Equal(ValidationIssue.Of(ValidationSeverity.Error, "variables[0].value", ValidationMessages.ValueTooDeep(32)), issue);
        Assert.Equal("the value nests deeper than 32 levels", issue.Message);
    }

    [Fact]
    public void A_literal_input_nested_deeper_than_the_value_limit_is_a_located_validation_error()
    {
        var json = new WorkflowBuilder("deep-literal")
            .Flowchart(f => f.Start().Add("say", "Elsa.WriteLine", ("text", JsonNode.Parse("{\"typeName\":\"Object\",\"expression\":{\"type\":\"Literal\",\"value\":0}}"))).Chain("start", "say"))
            .ToJson().ToJsonString().Replace("\"value\":0", "\"value\":" + Brackets(40), StringComparison.Ordinal);

        var issue = Assert.Single(_validator.ValidateJson(json));

        Assert.Equal(ValidationIssue.Of(ValidationSeverity.Error, "root.activities[1].text", ValidationMessages.ValueTooDeep(32)), issue);
        Assert.Equal("the value nests deeper than 32 levels", issue.Message);
    }

    private static string Brackets(int depth) => new StringBuilder().Insert(0, "[", depth).Insert(depth, "]", depth).ToString();

    private static string NestedFlowcharts(int depth)
    {
        JsonObject inner = new FlowchartBuilder("leaf").WriteLine("say", "deep").Build();
        var head = new StringBuilder();
        var tail = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            head.Append("{\"id\":\"f").Append(i).Append("\",\"type\":\"Elsa.Flowchart\",\"activities\":[");
            tail.Append("],\"connections\":[]}");
        }

        var root = head + inner.ToJsonString() + tail;
        return "{\"id\":\"deep\",\"definitionId\":\"deep\",\"root\":" + root + "}";
    }
}
