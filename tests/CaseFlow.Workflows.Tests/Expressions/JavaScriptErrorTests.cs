using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;

namespace CaseFlow.Workflows.Tests.Expressions;

public sealed class JavaScriptErrorTests
{
    private readonly JavaScriptEvaluator _evaluator = new();
    private readonly TestExpressionContext _context = new();

    private Task<object?> Evaluate(string script) =>
        _evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), _context).AsTask();

    [Fact]
    public async Task Evaluate_ReportsLineAndColumn_WhenScriptFailsAtRunTime()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("var a = 1;\n  a.b.c"));

        Assert.Equal("JavaScript error at 2:7: TypeError: Cannot read properties of undefined (reading 'c')", error.Message);
    }

    [Fact]
    public async Task Evaluate_ReportsThrownError_WithItsName()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("throw new RangeError('too far')"));

        Assert.Equal("JavaScript error at 1:7: RangeError: too far", error.Message);
    }

    [Fact]
    public async Task Evaluate_ReportsLineAndColumn_WhenScriptDoesNotParse()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("1 + ;"));

        Assert.Equal("JavaScript error at 1:5: Unexpected token ';'", error.Message);
    }

    [Fact]
    public async Task Evaluate_FaultsWithClearMessage_WhenVariableRefersToItself()
    {
        var list = new List<object?>();
        list.Add(list);
        _context.Variables["Loop"] = list;

        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("getLoop()"));

        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 + 1")]
    [InlineData("const x = { a: 1 };\nreturn x;")]
    [InlineData("`Joined: ${getA()}`")]
    [InlineData("while (true) {}")]
    public void CheckSyntax_ReturnsNull_WhenScriptParses(string script)
    {
        Assert.Null(_evaluator.CheckSyntax(script));
    }

    [Fact]
    public void CheckSyntax_ReturnsOneBasedPosition_WhenScriptDoesNotParse()
    {
        var error = _evaluator.CheckSyntax("var a = 1;\n  a b");

        Assert.Equal(new ExpressionSyntaxError(2, 5, "Unexpected identifier 'b'"), error);
    }

    [Fact]
    public void CheckSyntax_ReportsError_WhenScriptIsNestedTooDeeply()
    {
        Assert.NotNull(_evaluator.CheckSyntax(new string('(', 100_000)));
    }

    public static TheoryData<string> HostileNesting()
    {
        const int Depth = 100_000;
        static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
        return new TheoryData<string>
        {
            Repeat("(", Depth) + "1" + Repeat(")", Depth),
            Repeat("[", Depth) + Repeat("]", Depth),
            Repeat("!", Depth) + "1",
            Repeat("- ", Depth) + "1",
            string.Join("+", Enumerable.Repeat("1", Depth)),
            Repeat("function f() {", Depth) + Repeat("}", Depth),
            Repeat("x => ", Depth) + "1",
            Repeat("a ? b : ", Depth) + "1",
            "x = " + Repeat("{ a: ", Depth) + "1" + Repeat("}", Depth),
            Repeat("f(", Depth) + Repeat(")", Depth),
            Repeat("`${", Depth) + "1" + Repeat("}`", Depth),
            Repeat("a = ", Depth) + "1",
            Repeat("{", Depth) + Repeat("}", Depth),
            Repeat("if (1) ", Depth) + "1",
            Repeat("[", 300) + Repeat("]", 300),
        };
    }

    // Jint refuses these while parsing (a depth limit, and a stack probe where the parser recurses): no stack overflow,
    // which would kill the process, and one message that says what is wrong.
    [Theory]
    [MemberData(nameof(HostileNesting))]
    public async Task Script_IsRefusedAsNestedTooDeeply_WhenItsNestingWouldOverflowTheStack(string script)
    {
        var syntax = _evaluator.CheckSyntax(script);
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate(script));

        Assert.Equal("JavaScript nesting deeper than 256 levels", syntax?.Message);
        Assert.Equal("JavaScript nesting deeper than 256 levels", error.Message);
    }

    [Fact]
    public async Task Script_Runs_WhenNestedAsDeeplyAsRealScriptsAre()
    {
        Assert.Equal(1.0, await Evaluate(new string('[', 100) + "1" + new string(']', 100) + new string('[', 0) + ".flat(Infinity)[0]"));
    }
}
