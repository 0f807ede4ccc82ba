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
        // Building an engine (and freezing its built-ins) is not what these tests time.
        await Evaluate("1");
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
        await evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, "1"), _context);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExpressionException>(() =>
            evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), _context).AsTask());

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.StartsWith("JavaScript exceeded the memory limit of 64 MB", error.Message, StringComparison.Ordinal);
    }

    // Issue 9, fault 2: each of these asked one built-in for gigabytes in a single call (or slipped a large size past
    // the guard), which Jint's between-statement check could only notice afterwards, if the process survived.
    [Theory]
    [InlineData("new Array(501).join('x'.repeat(1e6))")]
    [InlineData("Number = function () { return 1; }; 'x'.repeat(3e8)")]
    [InlineData("String = function () { return ''; }; Math.trunc = () => 0; 'x'.repeat(3e8)")]
    [InlineData("'x'.repeat(1e4).replaceAll('x', 'y'.repeat(25000))")]
    [InlineData("'x'.repeat(1e4).replace(/x/g, 'y'.repeat(25000))")]
    [InlineData("'x'.repeat(1e4).replaceAll({ toString() { return 'x'; } }, 'y'.repeat(25000))")]
    [InlineData("'x'.repeat(1e4).replace(/x/g, '$&'.repeat(40))")]
    [InlineData("'x'.repeat(1e5).replace(/x/g, '$`')")]
    [InlineData("var big = 'y'.repeat(1e6); 'x'.repeat(1e4).replace(/x/g, () => big)")]
    [InlineData("var s = 'x'.repeat(3e7); s.concat(s, s, s, s, s, s, s, s)")]
    [InlineData("var s = 'x'.repeat(3e7); [s, s, s, s, s, s, s, s].join('')")]
    [InlineData("var s = 'x'.repeat(3e7); String([s, s, s, s, s, s, s, s])")]
    [InlineData("'\\uFDFA'.repeat(3e6).normalize('NFKD')")]
    [InlineData("'\\u00DF'.repeat(2e7).toUpperCase()")]
    [InlineData("'ab'.repeat(1e7).match(/a/g)")]
    [InlineData("new ArrayBuffer('2e9')")]
    [InlineData("new ArrayBuffer({ valueOf() { return 2e9; } })")]
    [InlineData("new (new ArrayBuffer(1).constructor)(2e9)")]
    [InlineData("new ArrayBuffer(8, { maxByteLength: 2e9 }).resize(2e9)")]
    [InlineData("new SharedArrayBuffer(2e9)")]
    [InlineData("new Uint8Array('2e9')")]
    [InlineData("new Float64Array({ length: 3e8 })")]
    [InlineData("new Float64Array(new Uint8Array(4e7))")]
    [InlineData("Float64Array.from({ length: 3e8 })")]
    [InlineData("Reflect.construct(Float64Array, [3e8])")]
    [InlineData("var a = new Array(1e6).fill(0); a.concat(a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a)")]
    [InlineData("Array.apply(null, { length: 1e8 })")]
    [InlineData("Reflect.apply(Array, null, { length: 1e8 })")]
    [InlineData("var o = ['x'.repeat(1000)]; for (var i = 0; i < 20; i++) o = [o, o]; JSON.stringify(o)")]
    [InlineData("var o = { a: 'x'.repeat(1000) }; for (var i = 0; i < 20; i++) o = { l: o, r: o }; JSON.stringify(o, ['l', 'r', 'a'])")]
    [InlineData("JSON.stringify('\\u0001'.repeat(2e7))")]
    [InlineData("new Float64Array(1e6).join('x'.repeat(100))")]
    // A template literal joins its parts inside one expression: eight 60 MB parts made 960 MB unchecked.
    [InlineData("const s = 'x'.repeat(3e7); `${s}${s}${s}${s}${s}${s}${s}${s}`.length")]
    [InlineData("const s = 'x'.repeat(3e7); `${`${s}${s}`}${s}`.length")]
    public async Task Evaluate_RefusesBeforeAllocating_WhenOneBuiltInCallWouldExceedTheMemoryLimit(string script)
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions { TimeLimit = TimeSpan.FromSeconds(30) });
        await evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, "1"), _context);
        var watch = Stopwatch.StartNew();
        // The evaluation runs synchronously on this thread, so the thread's counter sees everything it allocated.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var evaluation = evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), _context).AsTask();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var error = await Assert.ThrowsAsync<ExpressionException>(() => evaluation);

        Assert.StartsWith("JavaScript exceeded the memory limit of 64 MB", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.True(allocated < 160L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB");
    }

    // A size that answers small to the guard and large to the built-in (issue 9): each is read once, and the
    // built-in gets the value the guard checked.
    [Theory]
    [InlineData("var n = 0; 'x'.repeat({ valueOf() { return n++ ? 3e8 : 1; } }).length", 1.0)]
    [InlineData("var n = 0; 'x'.padEnd({ valueOf() { return n++ ? 3e8 : 1; } }).length", 1.0)]
    [InlineData("var n = 0; String.prototype.repeat.call({ toString() { return n++ ? 'x'.repeat(1e5) : 'x'; } }, 1e4).length", 1e4)]
    [InlineData("var n = 0; 'x'.concat({ toString() { return n++ ? 'x'.repeat(3e7) : 'y'; } }).length", 2.0)]
    [InlineData("var n = 0; new ArrayBuffer(1, { maxByteLength: { valueOf() { return n++ ? 2e9 : 8; } } }).maxByteLength", 8.0)]
    [InlineData("var n = 0; [1, 2].join({ toString() { return n++ ? 'x'.repeat(3e7) : '-'; } }).length", 3.0)]
    public async Task Evaluate_ReadsEachSizeOnce_WhenItAnswersDifferentlyOnTheSecondRead(string script, double expected)
    {
        var watch = Stopwatch.StartNew();

        var result = await Evaluate(script);

        Assert.Equal(expected, result);
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("'ab'.repeat(3).padStart(8, '-') + 'x'.padEnd(3, '.')", "--ababab")]
    [InlineData("'a-b-c'.replaceAll('-', '+') + 'a-b'.replace(/-/g, '$&$&') + 'ab'.replace('b', (m) => m.toUpperCase())", "a+b+c")]
    [InlineData("[1, [2, 3], null, 'x'].join(';') + '|' + String([1, 2]) + '|' + 'a'.concat(1, 'b') + '|' + [1].concat([2, [3]], 4).length", "1;2,3;;x|1,2|a1b|4")]
    [InlineData("new Uint8Array([1, 2, 3]).join('-') + ' ' + new Float64Array(2).length + ' ' + new ArrayBuffer(8).byteLength + ' ' + Uint8Array.from([4, 5]).join()", "1-2-3 2 8 4,5")]
    [InlineData("Math.max.apply(null, [1, 5, 2]) + Reflect.apply(Math.min, null, [4, 3]) + new (Reflect.construct(Array, [2]).constructor)(3).length", "11")]
    [InlineData("JSON.stringify({ b: 1, a: [1, { a: 2, b: 3, c: 4 }], c: 'x' }, ['c', 'a']) + JSON.stringify({ a: [1] }, null, 1) + JSON.stringify({ d: new Date(0), f() {} }, (k, v) => v)", "{\"c\":\"x\",\"a\":[1,{\"c\":4,\"a\":2}]}{\n \"a\": [\n  1\n ]\n}{\"d\":\"1970-01-01T00:00:00.000Z\"}")]
    [InlineData("'ß'.toUpperCase() + 'Å'.normalize('NFD').length + 'a1b2'.match(/\\d/g).join('')", "SS212")]
    [InlineData("`a${1}b${'x'}c${`n${2}`}` + `\\n`.length + `${{ toString() { return 't'; }, valueOf() { return 'v'; } }}` + String.raw`x${1}\\n` + `\\u{41}\\``", "a1bxcn21tx1\\nA`")]
    public async Task Evaluate_GuardedBuiltInsBehaveAsTheOriginals_WhenSizesAreOrdinary(string script, string expected)
    {
        var result = await Evaluate(script);

        Assert.StartsWith(expected, Convert.ToString(result, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    // Templates are compiled as a guarded join: it must convert parts as the template would, Symbols included.
    [Fact]
    public async Task Evaluate_TemplateLiteralOfASymbol_IsATypeError_AsInTheLanguage()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("`${Symbol('s')}`"));

        Assert.Contains("TypeError", error.Message, StringComparison.Ordinal);
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
