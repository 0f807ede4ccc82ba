using System.Text.Json.Nodes;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.Liquid;

namespace CaseFlow.Workflows.Tests.Expressions;

public sealed class LiquidEvaluatorTests
{
    private readonly LiquidEvaluator _evaluator = new();
    private readonly TestExpressionContext _context = new();

    private Task<object?> Render(string template) =>
        _evaluator.EvaluateAsync(new Expression(ExpressionTypes.Liquid, template), _context).AsTask();

    [Fact]
    public async Task Evaluate_RendersVariables_ByPascalCaseNameAsWritten()
    {
        _context.Variables["CustomerName"] = "Ada";

        Assert.Equal("Hello Ada, ADA!", await Render("Hello {{ Variables.CustomerName }}, {{ CustomerName | upcase }}!"));
    }

    [Fact]
    public async Task Evaluate_RendersInputs()
    {
        _context.Inputs["OrderId"] = "o-7";

        Assert.Equal("Order o-7", await Render("Order {{ Input.OrderId }}"));
    }

    [Fact]
    public async Task Evaluate_RendersWorkflowFields()
    {
        _context.CorrelationId = "c-1";
        _context.WorkflowInstanceName = "Claim";

        var result = await Render("{{ Workflow.Id }}|{{ Workflow.DefinitionId }}|{{ Workflow.Version }}|{{ Workflow.CorrelationId }}|{{ Workflow.Name }}");

        Assert.Equal("instance-1|definition-1|3|c-1|Claim", result);
    }

    [Fact]
    public async Task Evaluate_WalksDictionariesListsAndJson()
    {
        _context.Variables["Order"] = new Dictionary<string, object?>
        {
            ["Id"] = 7,
            ["Lines"] = new List<object?> { new Dictionary<string, object?> { ["Sku"] = "a" }, new Dictionary<string, object?> { ["Sku"] = "b" } },
        };
        _context.Variables["Doc"] = JsonNode.Parse("""{"Tags":["x","y"],"Total":2.5,"$id":"d1"}""");

        var result = await Render("{{ Order.Id }}:{% for line in Order.Lines %}{{ line.Sku }}{% endfor %}:{{ Doc.Tags | join: ',' }}:{{ Doc.Total }}:{{ Doc['$id'] }}:{{ Doc.Tags | size }}");

        Assert.Equal("7:ab:x,y:2.5:d1:2", result);
    }

    [Fact]
    public async Task Evaluate_RendersMissingValues_AsEmpty()
    {
        Assert.Equal("[][]", await Render("[{{ Variables.Nope }}][{{ Input.Nope }}]"));
    }

    [Fact]
    public async Task Evaluate_FormatsDates_WithLiquidDateFilter()
    {
        _context.Variables["When"] = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.Equal("2024-01-02 | 2024-01-02 03:04:05 +00:00", await Render("{{ When | date: '%Y-%m-%d' }} | {{ When }}"));
    }

    [Fact]
    public async Task Evaluate_SupportsConditionsAndAssignments()
    {
        _context.Variables["Amount"] = 150;

        Assert.Equal("big", await Render("{% assign limit = 100 %}{% if Amount > limit %}big{% else %}small{% endif %}"));
    }

    [Fact]
    public async Task Evaluate_ThrowsExpressionException_WhenTemplateDoesNotParse()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Render("Hi\n{% if x %}never closed"));

        Assert.Equal("Liquid error at 2:1: if tag was never closed", error.Message);
    }

    [Fact]
    public async Task Evaluate_ThrowsExpressionException_WhenTemplateLoopsTooLong()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Render("{% for i in (1..1000000) %}{{ i }}{% endfor %}"));

        Assert.Contains("Liquid exceeded the iteration limit of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_FaultsWithClearMessage_WhenTemplateRunsPastTheTimeLimit()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { TimeLimit = TimeSpan.FromMilliseconds(200), MaxIterations = 0 });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExpressionException>(() => evaluator.EvaluateAsync(
            new Expression(ExpressionTypes.Liquid, "{% for a in (1..100000) %}{% for b in (1..100000) %}{{ b }}{% endfor %}{% endfor %}"), _context).AsTask());

        Assert.Equal("Liquid exceeded the time limit of 200 ms", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Evaluate_ThrowsExpressionException_WhenTemplateIncludesAFile()
    {
        await Assert.ThrowsAsync<ExpressionException>(() => Render("{% include 'secrets' %}"));
    }

    [Theory]
    [InlineData("Hello {{ Variables.Name }}")]
    [InlineData("{% for x in Items %}{{ x }}{% endfor %}")]
    public void CheckSyntax_ReturnsNull_WhenTemplateParses(string template)
    {
        Assert.Null(_evaluator.CheckSyntax(template));
    }

    [Theory]
    [InlineData("a\n  {% nope %}", 2, 3, "Unknown tag 'nope'")]
    [InlineData("x {% endif %}", 1, 3, "Unknown tag 'endif'")]
    [InlineData("{{ x ", 1, 1, "Variable '{{ x ' was not properly terminated with regexp: (?-mix:\\}\\})")]
    public void CheckSyntax_ReturnsPositionAndMessage_WhenTemplateDoesNotParse(string template, int line, int column, string message)
    {
        Assert.Equal(new ExpressionSyntaxError(line, column, message), _evaluator.CheckSyntax(template));
    }
}
