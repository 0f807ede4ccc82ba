using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;

namespace CaseFlow.Workflows.Tests.Expressions;

/// <summary>
/// Engines are pooled across runs of every definition (issue 9, fault 4): whatever one run does to the built-ins,
/// the next run on the same engine sees the pristine ones, and a hook planted by the first never sees the second's data.
/// </summary>
public sealed class JavaScriptIsolationTests
{
    private readonly JavaScriptEvaluator _evaluator = new(new JavaScriptOptions());

    private async Task<object?> Evaluate(string script, TestExpressionContext context) =>
        await _evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), context);

    /// <summary>Runs <paramref name="first"/> as one workflow run, hands its engine back, and runs <paramref name="second"/> on it.</summary>
    private async Task<(object? First, object? Second, TestExpressionContext SecondContext)> RunOneAfterTheOther(
        string first, string second, Action<TestExpressionContext>? prepareSecond = null)
    {
        var runA = new TestExpressionContext { DefinitionId = "attacker" };
        object? firstResult;
        try
        {
            firstResult = await Evaluate(first, runA);
        }
        catch (ExpressionException e)
        {
            firstResult = e.Message;
        }

        var engine = runA.Cache[JavaScriptSession.CacheKey];
        EndRun(runA);

        var runB = new TestExpressionContext { DefinitionId = "victim" };
        prepareSecond?.Invoke(runB);
        var secondResult = await Evaluate(second, runB);
        // The point of the test: B ran on the very engine A had.
        Assert.Same(engine, runB.Cache[JavaScriptSession.CacheKey]);
        EndRun(runB);
        return (firstResult, secondResult, runB);
    }

    private static void EndRun(TestExpressionContext context)
    {
        foreach (var value in context.Cache.Values.OfType<IDisposable>())
        {
            value.Dispose();
        }
    }

    [Theory]
    [InlineData("Object.prototype.x = 'polluted'", "({}).x === undefined")]
    [InlineData("Object.defineProperty(Object.prototype, 'y', { get() { return 'polluted'; } })", "({}).y === undefined")]
    [InlineData("JSON.stringify = () => 'hooked'", "JSON.stringify({ a: 1 }) === '{\"a\":1}'")]
    [InlineData("JSON.parse = () => 'hooked'", "JSON.parse('1') === 1")]
    [InlineData("String.prototype.toUpperCase = function () { return 'hooked'; }", "'abc'.toUpperCase() === 'ABC'")]
    [InlineData("Array.prototype.join = function () { return 'hooked'; }", "[1, 2].join('-') === '1-2'")]
    [InlineData("Array.prototype.push = function () { return 'hooked'; }", "[].push(1) === 1")]
    [InlineData("Function.prototype.call = function () { return 'hooked'; }", "(function () { return 7; }).call(null) === 7")]
    [InlineData("Array.prototype[Symbol.iterator] = function* () { yield 'hooked'; }", "[...[1, 2]].join() === '1,2'")]
    [InlineData("Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true })", "[1, 2][Symbol.iterator]().next().value === 1")]
    [InlineData("Object.getPrototypeOf(function* () {}).prototype.next = () => ({ done: true })", "[...(function* () { yield 1; })()].length === 1")]
    [InlineData("Math.max = () => -1", "Math.max(1, 2) === 2")]
    [InlineData("Date.prototype.toISOString = () => 'hooked'", "new Date(0).toISOString() === '1970-01-01T00:00:00.000Z'")]
    [InlineData("RegExp.prototype.test = () => true", "/a/.test('b') === false")]
    [InlineData("Promise.prototype.then = () => 'hooked'", "typeof Promise.resolve(1).then(x => x) === 'object'")]
    [InlineData("Error.prototype.toString = () => 'hooked'", "String(new Error('m')) === 'Error: m'")]
    [InlineData("delete Array.prototype.map", "[1].map(x => x + 1)[0] === 2")]
    [InlineData("Object.setPrototypeOf(globalThis, { hooked: 1 })", "typeof hooked === 'undefined'")]
    [InlineData("globalThis.__proto__ = { hooked: 1 }", "typeof hooked === 'undefined'")]
    [InlineData("Object.freeze(globalThis)", "(function () { globalThis.z = 1; return z === 1; })()")]
    [InlineData("Object.preventExtensions(globalThis)", "(function () { globalThis.z = 1; return z === 1; })()")]
    [InlineData("Object.setPrototypeOf(variables, { hooked: 1 })", "variables.hooked === undefined && Object.getPrototypeOf(variables) === Object.prototype")]
    [InlineData("getVariable.hooked = 1; Object.defineProperty(getVariable, 'name', { value: 'hooked' })", "getVariable.hooked === undefined && getVariable.name === 'getVariable'")]
    [InlineData("Object.defineProperty(globalThis, 'getVariable', { value: () => 'hooked', configurable: false, writable: false })", "getVariable('x') === null")]
    public async Task LaterRun_SeesPristineBuiltIns_WhenAnEarlierRunOnTheSameEngineChangedThem(string attack, string check)
    {
        var (_, second, _) = await RunOneAfterTheOther(attack, check);

        Assert.Equal(true, second);
    }

    [Fact]
    public async Task HookedJoin_NeverSeesAnotherRunsCustomer_WhenTheAttackerRanFirst()
    {
        // The attack from the issue: a hooked join copies what it joins onto a shared object the attacker reads later.
        const string Attack = """
            Object.prototype.stolen = [];
            const join = Array.prototype.join;
            Array.prototype.join = function (sep) { Object.prototype.stolen.push(...this); return join.call(this, sep); };
            """;

        var (_, second, _) = await RunOneAfterTheOther(
            Attack,
            "[getCustomer(), getPhone()].join(', ')",
            run => { run.Variables["Customer"] = "Grace Hopper"; run.Variables["Phone"] = "+1 555 0100"; });
        var (_, stolen, _) = await RunOneAfterTheOther("1", "JSON.stringify(({}).stolen ?? null)");

        Assert.Equal("Grace Hopper, +1 555 0100", second);
        Assert.Equal("null", stolen);
    }

    [Fact]
    public async Task Scripts_StillOverrideInheritedMethodsOnTheirOwnObjects_WhenBuiltInsAreFrozen()
    {
        // Freezing a prototype would otherwise make these assignments fail silently (the "override mistake").
        const string Script = """
            var o = {}; o.toString = function () { return 'custom'; }; o.valueOf = function () { return 41; };
            function Money(n) { this.n = n; } Money.prototype.toString = function () { return this.n + ' EUR'; };
            class NotFound extends Error { constructor(m) { super(m); this.name = 'NotFound'; } }
            var e = new Error('x'); e.message = 'changed'; e.name = 'Renamed';
            var a = [1, 2]; a.constructor = 'mine';
            [String(o), o + 1, String(new Money(5)), String(new NotFound('missing')), String(e), a.constructor].join('|')
            """;

        var (_, result, _) = await RunOneAfterTheOther("1", Script);

        Assert.Equal("custom|42|5 EUR|NotFound: missing|Renamed: changed|mine", result);
    }

    [Fact]
    public async Task Scripts_CannotReachUnguardedBuiltIns_ThroughAShadowRealmOrAFinalizationCallback()
    {
        var (_, result, _) = await RunOneAfterTheOther("1", "typeof ShadowRealm + ' ' + typeof FinalizationRegistry");

        Assert.Equal("undefined undefined", result);
    }
}
