using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;

namespace CaseFlow.Workflows.Tests.Expressions;

public sealed class JavaScriptGlobalsTests
{
    private readonly JavaScriptEvaluator _evaluator = new(new JavaScriptOptions());
    private readonly TestExpressionContext _context = new();

    private ValueTask<object?> Evaluate(string script) =>
        _evaluator.EvaluateAsync(new Expression(ExpressionTypes.JavaScript, script), _context);

    [Fact]
    public async Task Evaluate_ReadsAndWritesVariables_WithGetVariableAndSetVariable()
    {
        _context.Variables["Name"] = "Ada";

        var result = await Evaluate("setVariable('Greeting', 'Hello ' + getVariable('Name')); getVariable('Missing')");

        Assert.Null(result);
        Assert.Equal("Hello Ada", _context.Variables["Greeting"]);
    }

    [Fact]
    public async Task Evaluate_ReadsAndWritesVariables_ThroughVariablesObject()
    {
        _context.Variables["Count"] = 2;
        _context.Variables["Label"] = "x";

        var result = await Evaluate("variables.Count = variables.Count + 1; variables.Label = 'y'; JSON.stringify(variables) + ' ' + ('Count' in variables) + ' ' + variables.Missing");

        Assert.Equal("{\"Count\":3,\"Label\":\"y\"} true undefined", result);
        Assert.Equal(3.0, _context.Variables["Count"]);
        Assert.Equal("y", _context.Variables["Label"]);
    }

    [Fact]
    public async Task Evaluate_ComparesVariable_WithNamedAccessor()
    {
        _context.Variables["Counter"] = 5;

        Assert.Equal(true, await Evaluate("getCounter() > 1"));
    }

    [Fact]
    public async Task Evaluate_ReadsLiveValue_WhenSetterRunsBeforeGetter()
    {
        _context.Variables["Counter"] = 0;

        var result = await Evaluate("setCounter(1); getCounter()");

        Assert.Equal(1.0, result);
        Assert.Equal(1.0, _context.Variables["Counter"]);
    }

    [Fact]
    public async Task Evaluate_InstallsAccessors_ForNamesThatAppearInLaterEvaluations()
    {
        _context.Variables["First"] = 1;
        await Evaluate("getFirst()");
        _context.Variables["Second"] = 2;
        _context.Inputs["Third"] = 3;

        Assert.Equal(6.0, await Evaluate("getFirst() + getSecond() + getThird()"));
    }

    [Fact]
    public async Task Evaluate_ReadsInputs_WithGetInputAndNamedAccessor()
    {
        _context.Inputs["OrderId"] = "o-42";

        Assert.Equal("o-42 o-42 null", await Evaluate("getInput('OrderId') + ' ' + getOrderId() + ' ' + getInput('Nope')"));
    }

    [Fact]
    public async Task Evaluate_PrefersVariable_WhenInputHasSameAccessorName()
    {
        _context.Inputs["Amount"] = 1;
        _context.Variables["Amount"] = 2;

        Assert.Equal(2.0, await Evaluate("getAmount()"));
    }

    [Fact]
    public async Task Evaluate_KeepsBuiltInFunction_WhenVariableNameCollidesWithIt()
    {
        _context.Variables["Variable"] = "shadow";
        _context.Variables["X"] = "x";

        Assert.Equal("x", await Evaluate("getVariable('X')"));
    }

    [Fact]
    public async Task Evaluate_ExposesWorkflowIdentity()
    {
        _context.CorrelationId = "c-1";
        _context.WorkflowInstanceName = "Claim 7";

        var result = await Evaluate("[getWorkflowInstanceId(), getWorkflowDefinitionId(), getWorkflowDefinitionVersion(), getCorrelationId(), getWorkflowInstanceName()]");

        Assert.Equal(new List<object?> { "instance-1", "definition-1", 3.0, "c-1", "Claim 7" }, result);
    }

    [Fact]
    public async Task Evaluate_ChangesCorrelationIdAndInstanceName()
    {
        await Evaluate("setCorrelationId('c-2'); setWorkflowInstanceName('Renamed')");

        Assert.Equal("c-2", _context.CorrelationId);
        Assert.Equal("Renamed", _context.WorkflowInstanceName);
    }

    [Fact]
    public async Task Evaluate_SetsOutcomes_WithSetOutcomeAndSetOutcomes()
    {
        await Evaluate("setOutcome('Approved')");
        Assert.Equal(["Approved"], _context.Outcomes!);

        await Evaluate("setOutcomes(['Left', 'Right'])");
        Assert.Equal(["Left", "Right"], _context.Outcomes!);
    }

    [Fact]
    public async Task Evaluate_ReadsEarlierResults_WithGetOutputFromAndGetLastResult()
    {
        _context.Outputs[("http1", null)] = "body";
        _context.Outputs[("http1", "StatusCode")] = 200;
        _context.Result = new Dictionary<string, object?> { ["ok"] = true };

        var result = await Evaluate("getOutputFrom('http1') + ' ' + getOutputFrom('http1', 'StatusCode') + ' ' + getLastResult().ok");

        Assert.Equal("body 200 true", result);
    }

    [Fact]
    public async Task Evaluate_ReadsOutputs_WithOutputFromActivityAccessors()
    {
        _context.Outputs[("Http1", "Result")] = "body";
        _context.Outputs[("Step", "DataFrom")] = 7;

        var result = await Evaluate("[getResultFromHttp1(), getDataFromFromStep(), getNothingFromHttp1()]");

        Assert.Equal(new List<object?> { "body", 7.0, null }, result);
    }

    [Fact]
    public async Task Evaluate_StillFailsOnUnknownName_WhenItIsNoOutputAccessor()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("notDefined()").AsTask());

        Assert.Equal("JavaScript error at 1:1: ReferenceError: notDefined is not defined", error.Message);
    }

    [Fact]
    public async Task Evaluate_ReadsConfiguration_WithGetConfig()
    {
        _context.Config["Region"] = "eu";

        Assert.Equal("eu", await Evaluate("getConfig('Region')"));
    }

    [Fact]
    public async Task Evaluate_CreatesAndParsesGuids()
    {
        var result = (List<object?>)(await Evaluate("[newGuid(), newGuidString(), newShortGuid(), parseGuid('6F9619FF8B86D011B42D00C04FC964FF')]"))!;

        Assert.True(Guid.TryParse((string)result[0]!, out _));
        Assert.True(Guid.TryParse((string)result[1]!, out _));
        Assert.Equal(22, ((string)result[2]!).Length);
        Assert.Equal("6f9619ff-8b86-d011-b42d-00c04fc964ff", result[3]);
    }

    [Fact]
    public async Task Evaluate_ThrowsCatchableTypeError_WhenParseGuidGetsNoGuid()
    {
        Assert.Equal("TypeError", await Evaluate("try { parseGuid('nope') } catch (e) { e.name }"));
    }

    [Fact]
    public async Task Evaluate_ChecksEmptyStrings_WithIsNullOrEmptyAndIsNullOrWhiteSpace()
    {
        var result = await Evaluate("[isNullOrEmpty(null), isNullOrEmpty(''), isNullOrEmpty(' '), isNullOrWhiteSpace(' '), isNullOrWhiteSpace('a'), isNullOrEmpty(undefined)]");

        Assert.Equal(new List<object?> { true, true, false, true, false, true }, result);
    }

    [Fact]
    public async Task Evaluate_SerializesValues_WithToJson()
    {
        Assert.Equal("{\"a\":1,\"b\":[true,\"é\",null]}", await Evaluate("toJson({ a: 1, b: [true, 'é', null] })"));
    }

    [Fact]
    public async Task Evaluate_RunsTemplateLiteral_CallingAccessor()
    {
        _context.Variables["A"] = "alpha";

        Assert.Equal("Joined: alpha", await Evaluate("`Joined: ${getA()}`"));
    }

    [Fact]
    public async Task Evaluate_SupportsTopLevelReturn_InMultiLineScript()
    {
        const string script = """
            const order = { id: getVariable('Id'), lines: [1, 2] };
            if (order.lines.length > 5) {
              return 'big';
            }
            return order;
            """;
        _context.Variables["Id"] = "o-1";

        var result = Assert.IsType<Dictionary<string, object?>>(await Evaluate(script));

        Assert.Equal("o-1", result["id"]);
        Assert.Equal(new List<object?> { 1.0, 2.0 }, result["lines"]);
    }

    [Fact]
    public async Task Evaluate_LeavesNoGlobalsBehind_ForTheNextEvaluation()
    {
        Assert.Equal(1.0, await Evaluate("const x = 1; var leaked = 2; x"));

        Assert.Equal(2.0, await Evaluate("const x = 2; x"));
        Assert.Equal("undefined", await Evaluate("typeof leaked"));
    }

    [Fact]
    public async Task Evaluate_ReusesOneEngine_ForEveryEvaluationOfAContext()
    {
        await Evaluate("1");
        var engine = Assert.Single(_context.Cache).Value;

        await Evaluate("2");

        Assert.Same(engine, Assert.Single(_context.Cache).Value);
    }

    [Fact]
    public async Task Evaluate_GivesScriptsNoClrAccess()
    {
        Assert.Equal(true, await Evaluate("typeof System === 'undefined' && typeof importNamespace === 'undefined' && typeof clrHelper === 'undefined'"));
        await Assert.ThrowsAsync<ExpressionException>(() => Evaluate("eval('1 + 1')").AsTask());
    }
}
