using System.Diagnostics;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;

namespace CaseFlow.Workflows.Tests.Expressions;

[Collection(SandboxCollection.Name)]
public sealed class JavaScriptSandboxTests
{
    // Generous: the limits fire within about a second, but a loaded two-core CI box must not turn that into a flake.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly JavaScriptEvaluator _evaluator = new();
    private readonly TestExpressionContext _context = new();

    private Task<object?> Evaluate(string script, TestExpressionContext? context = null) =>
        _evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), context ?? _context).AsTask();

    private async Task<ExpressionException> AssertFaultsQuickly(string script)
    {
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate(script));
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        return error;
    }

    [Fact]
    public async Task Evaluate_FaultsWithClearMessage_WhenScriptLoopsForever()
    {
        var error = await AssertFaultsQuickly("while (true) {}");

        Assert.Equal("JavaScript exceeded the time limit of 1 s", error.Message);
    }

    [Fact]
    public async Task Evaluate_FaultsWithClearMessage_WhenScriptRecursesForever()
    {
        var error = await AssertFaultsQuickly("function f() { return f(); } f()");

        Assert.Equal("JavaScript exceeded the recursion limit of 200 calls", error.Message);
    }

    [Theory]
    [InlineData("var o = { get x() { return this.x; } }; o.x")]
    [InlineData("var o = { toString() { return '' + this; } }; '' + o")]
    [InlineData("var a = [], o = a; for (var i = 0; i < 100000; i++) { var n = []; o.push(n); o = n; } JSON.stringify(a)")]
    public async Task Evaluate_Faults_WhenScriptRecursesAroundTheCallCounter(string script)
    {
        await AssertFaultsQuickly(script);
    }

    [Theory]
    [InlineData("var a = []; while (true) { a.push(new Array(100000).fill('x')); }")]
    [InlineData("'x'.repeat(2e9)")]
    [InlineData("'x'.repeat(3e8)")]
    [InlineData("'x'.padEnd(4e8)")]
    [InlineData("new Array(1e9).fill(0)")]
    [InlineData("var s = 'x'; while (true) { s = s + s; }")]
    [InlineData("var o = {}; for (var i = 0; ; i++) { o['k' + i] = i; }")]
    [InlineData("new ArrayBuffer(2e9)")]
    [InlineData("new Float64Array(3e8)")]
    [InlineData("JSON.stringify(new Array(1e7).fill({ a: 1 }))")]
    public async Task Evaluate_FaultsWithClearMessage_WhenScriptAllocatesWithoutBound(string script)
    {
        // Each shape breaks the memory limit within about half a second; a long clock keeps a busy machine from
        // turning that into a time-limit failure.
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions { TimeLimit = TimeSpan.FromSeconds(30) });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExpressionException>(() =>
            evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), _context).AsTask());

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.StartsWith("JavaScript exceeded the memory limit of 64 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_FaultsOnTimeLimit_WhenRegexBacktracksCatastrophically()
    {
        var error = await AssertFaultsQuickly("/(a+)+$/.test('a'.repeat(40) + '!')");

        Assert.Equal("JavaScript exceeded the time limit of 1 s", error.Message);
    }

    [Fact]
    public async Task Evaluate_FaultsOnTimeLimit_WhenReadingTheResultRunsForever()
    {
        var error = await AssertFaultsQuickly("({ get x() { while (true) {} } })");

        Assert.Equal("JavaScript exceeded the time limit of 1 s", error.Message);
    }

    [Fact]
    public async Task Evaluate_FaultsOnTimeLimit_WhenPromiseJobLoopsForever()
    {
        var error = await AssertFaultsQuickly("Promise.resolve().then(() => { while (true) {} }); 1");

        Assert.Equal("JavaScript exceeded the time limit of 1 s", error.Message);
    }

    [Fact]
    public async Task Evaluate_FaultsOnTimeLimit_WhenThrownValueLoopsInToString()
    {
        await AssertFaultsQuickly("throw { toString() { while (true) {} } }");
    }

    [Fact]
    public async Task Evaluate_RemainsUsable_AfterEachLimitIsBroken()
    {
        _context.Variables["Counter"] = 2;

        await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("while (true) {}"));
        Assert.Equal(true, await Evaluate("getCounter() > 1"));
        await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("function f() { return f(); } f()"));
        Assert.Equal(3.0, await Evaluate("function g(n) { return n <= 1 ? n : g(n - 1) + 1; } g(3)"));
        await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("var s = 'x'; while (true) { s = s + s; }"));
        Assert.Equal(10_000.0, await Evaluate("'x'.repeat(10000).length"));
        Assert.Single(_context.Cache);
    }

    [Theory]
    [InlineData("while (true) {}", "JavaScript exceeded the time limit of 200 ms")]
    [InlineData("'x'.repeat(1e6)", "JavaScript exceeded the memory limit of 1 MB")]
    [InlineData("function f(n) { return f(n + 1); } f(0)", "JavaScript exceeded the recursion limit of 10 calls")]
    [InlineData("for (var i = 0; i < 10; i++) { i; }", "JavaScript exceeded the statement limit of 5 statements")]
    public async Task Evaluate_AppliesConfiguredLimit_NamingItInTheMessage(string script, string message)
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions
        {
            TimeLimit = TimeSpan.FromMilliseconds(200),
            MemoryLimitBytes = 1024 * 1024,
            RecursionLimit = 10,
            MaxStatements = script.StartsWith("for", StringComparison.Ordinal) ? 5 : 0,
        });

        var error = await Assert.ThrowsAsync<ExpressionException>(() =>
            evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), new TestExpressionContext()).AsTask());

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Evaluate_StopsWithCancellation_WhenRunIsCancelled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var context = new TestExpressionContext { Token = cancellation.Token };
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions { TimeLimit = TimeSpan.FromSeconds(30) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, "while (true) {}"), context).AsTask());
    }
}
