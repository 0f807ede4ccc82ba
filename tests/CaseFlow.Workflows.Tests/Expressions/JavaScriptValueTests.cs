using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;

namespace CaseFlow.Workflows.Tests.Expressions;

public sealed class JavaScriptValueTests
{
    private readonly JavaScriptEvaluator _evaluator = new();
    private readonly TestExpressionContext _context = new();

    private sealed record Customer(string Name, int Age);

    private ValueTask<object?> Evaluate(string script) =>
        _evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), _context);

    [Theory]
    [InlineData("1 + 2", 3.0)]
    [InlineData("'a' + 'b'", "ab")]
    [InlineData("1 < 2", true)]
    [InlineData("null", null)]
    [InlineData("undefined", null)]
    [InlineData("", null)]
    [InlineData("10n ** 3n", 1000L)]
    public async Task Evaluate_ReturnsPlainValue_ForPrimitiveResult(string script, object? expected)
    {
        Assert.Equal(expected, await Evaluate(script));
    }

    [Fact]
    public async Task Evaluate_ReturnsNull_WhenExpressionValueIsNull()
    {
        Assert.Null(await _evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, null), _context));
    }

    [Fact]
    public async Task Evaluate_ReturnsDictionary_KeepingDollarKeysAndOrder()
    {
        var result = await Evaluate("({ $id: '1', $schema: 'https://schema', name: 'n', nested: { list: [1, 'two', null, { deep: true }] }, fn() {} })");

        var dictionary = Assert.IsType<Dictionary<string, object?>>(result);
        Assert.Equal(["$id", "$schema", "name", "nested"], dictionary.Keys);
        Assert.Equal("1", dictionary["$id"]);
        var nested = Assert.IsType<Dictionary<string, object?>>(dictionary["nested"]);
        var list = Assert.IsType<List<object?>>(nested["list"]);
        Assert.Equal(1.0, list[0]);
        Assert.Equal("two", list[1]);
        Assert.Null(list[2]);
        Assert.Equal(true, Assert.IsType<Dictionary<string, object?>>(list[3])["deep"]);
    }

    [Fact]
    public async Task Evaluate_ReturnsDateTimeOffset_ForDate()
    {
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), await Evaluate("new Date(Date.UTC(2024, 0, 2, 3, 4, 5))"));
    }

    [Fact]
    public async Task Evaluate_ReturnsAwaitedValue_ForResolvedPromise()
    {
        Assert.Equal(5.0, await Evaluate("(async () => 5)()"));
    }

    [Fact]
    public async Task Evaluate_FaultsAtOnce_WhenResultIsPromiseThatNeverSettles()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("new Promise(() => {})").AsTask());

        Assert.Equal("JavaScript error: the script returned a promise that never settles", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Evaluate_ReportsRejection_WhenResultIsRejectedPromise()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("(async () => { throw new TypeError('bad'); })()").AsTask());

        Assert.Equal("JavaScript error: promise rejected with TypeError: bad", error.Message);
    }

    [Fact]
    public async Task Evaluate_SeesDotNetCollectionsAsObjectsAndArrays()
    {
        _context.Variables["Order"] = new Dictionary<string, object?>
        {
            ["$id"] = "7",
            ["Lines"] = new List<object?> { new Dictionary<string, object?> { ["Qty"] = 2 }, new Dictionary<string, object?> { ["Qty"] = 3 } },
        };
        _context.Variables["Tags"] = new[] { "a", "b" };
        _context.Variables["Scores"] = new Dictionary<string, int> { ["x"] = 4 };

        var result = await Evaluate("const o = getOrder(); o.$id + ':' + o.Lines.reduce((s, l) => s + l.Qty, 0) + ':' + getTags().join('') + ':' + getScores().x + ':' + Array.isArray(getTags())");

        Assert.Equal("7:5:ab:4:true", result);
    }

    [Fact]
    public async Task Evaluate_SeesJsonNodesAndElements_AsPlainValues()
    {
        _context.Variables["Node"] = JsonNode.Parse("""{"a":{"b":[1,2,3]},"s":"t","n":null}""");
        _context.Variables["Element"] = JsonDocument.Parse("""{"flag":true,"items":[{"v":1.5}]}""").RootElement.Clone();
        _context.Variables["Value"] = JsonValue.Create(42);

        var result = await Evaluate("getNode().a.b[2] + getNode().s + getNode().n + ':' + getElement().flag + getElement().items[0].v + ':' + getValue()");

        Assert.Equal("3tnull:true1.5:42", result);
    }

    [Fact]
    public async Task Evaluate_SeesOtherDotNetObjects_AsTheirJson()
    {
        _context.Variables["Customer"] = new Customer("Ada", 36);
        _context.Variables["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");

        Assert.Equal("Ada 36 6f9619ff-8b86-d011-b42d-00c04fc964ff", await Evaluate("getCustomer().Name + ' ' + getCustomer().Age + ' ' + getId()"));
    }

    [Fact]
    public async Task Evaluate_SeesDateTimeOffset_AsDate()
    {
        _context.Variables["When"] = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));

        Assert.Equal("2024-05-06T05:08:09.000Z", await Evaluate("getWhen().toISOString()"));
    }

    [Fact]
    public async Task Evaluate_StoresPlainDotNetValues_WhenScriptSetsVariable()
    {
        await Evaluate("setVariable('Result', { when: new Date(0), items: [1, { ok: true }] })");

        var stored = Assert.IsType<Dictionary<string, object?>>(_context.Variables["Result"]);
        Assert.Equal(DateTimeOffset.UnixEpoch, stored["when"]);
        var items = Assert.IsType<List<object?>>(stored["items"]);
        Assert.Equal(1.0, items[0]);
        Assert.Equal(true, Assert.IsType<Dictionary<string, object?>>(items[1])["ok"]);
    }

    [Fact]
    public async Task Evaluate_FaultsWithClearMessage_WhenResultRefersToItself()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("const a = []; a.push(a); a").AsTask());

        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_FaultsWithClearMessage_WhenResultIsHugeSparseArray()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("new Array(1e9)").AsTask());

        Assert.StartsWith("JavaScript exceeded the memory limit of 64 MB", error.Message, StringComparison.Ordinal);
    }
}
