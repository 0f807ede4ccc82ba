using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Jint.Native;
using Jint.Runtime;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>The global functions Elsa 3 scripts call (getVariable, setOutcome, newGuid, …), installed once per engine.</summary>
internal static class BuiltInFunctions
{
    // toJson output is data for other activities, not HTML: keep non-ASCII characters readable.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlySet<string> Install(ScriptScope scope)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Define(string name, Func<JsValue[], JsValue> body, int length = 0)
        {
            names.Add(name);
            scope.Define(name, body, length);
        }

        DefineState(Define, scope);
        DefineWorkflow(Define, scope);
        DefineUtilities(Define, scope);
        return names;
    }

    private static void DefineState(Action<string, Func<JsValue[], JsValue>, int> define, ScriptScope scope)
    {
        define("getVariable", args =>
            scope.Context.TryGetVariable(Name(args), out var value) ? scope.Converter.ToJs(value) : JsValue.Null, 1);
        define("setVariable", args =>
        {
            scope.Context.SetVariable(Name(args), scope.Converter.ToClr(ScriptScope.Arg(args, 1)));
            return JsValue.Undefined;
        }, 2);
        define("getInput", args =>
            scope.Context.TryGetInput(Name(args), out var value) ? scope.Converter.ToJs(value) : JsValue.Null, 1);
        define("getOutputFrom", args =>
        {
            var output = scope.Context.GetOutputFrom(Name(args), ScriptScope.NullableString(ScriptScope.Arg(args, 1)));
            return scope.Converter.ToJs(output);
        }, 2);
        define("getLastResult", _ => scope.Converter.ToJs(scope.Context.LastResult), 0);
        define("getConfig", args => scope.Converter.ToJs(scope.Context.GetConfig(Name(args))), 1);
        define("setOutcome", args =>
        {
            scope.Context.Outcomes = [Name(args)];
            return JsValue.Undefined;
        }, 1);
        define("setOutcomes", args =>
        {
            scope.Context.Outcomes = Names(scope, ScriptScope.Arg(args, 0));
            return JsValue.Undefined;
        }, 1);
    }

    private static void DefineWorkflow(Action<string, Func<JsValue[], JsValue>, int> define, ScriptScope scope)
    {
        define("getWorkflowInstanceId", _ => new JsString(scope.Context.WorkflowInstanceId), 0);
        define("getWorkflowDefinitionId", _ => new JsString(scope.Context.WorkflowDefinitionId), 0);
        define("getWorkflowDefinitionVersion", _ => JsNumber.Create(scope.Context.WorkflowDefinitionVersion), 0);
        define("getCorrelationId", _ => ScriptScope.String(scope.Context.CorrelationId), 0);
        define("setCorrelationId", args =>
        {
            scope.Context.CorrelationId = ScriptScope.NullableString(ScriptScope.Arg(args, 0));
            return JsValue.Undefined;
        }, 1);
        define("getWorkflowInstanceName", _ => ScriptScope.String(scope.Context.WorkflowInstanceName), 0);
        define("setWorkflowInstanceName", args =>
        {
            scope.Context.WorkflowInstanceName = ScriptScope.NullableString(ScriptScope.Arg(args, 0));
            return JsValue.Undefined;
        }, 1);
    }

    private static void DefineUtilities(Action<string, Func<JsValue[], JsValue>, int> define, ScriptScope scope)
    {
        // Elsa hands out CLR Guids; scripts here never see CLR objects, so a Guid is its canonical string.
        define("newGuid", _ => new JsString(Guid.NewGuid().ToString()), 0);
        define("newGuidString", _ => new JsString(Guid.NewGuid().ToString()), 0);
        define("newShortGuid", _ => new JsString(ShortGuid(Guid.NewGuid())), 0);
        define("parseGuid", args =>
        {
            var text = ScriptScope.NullableString(ScriptScope.Arg(args, 0));
            return Guid.TryParse(text, out var guid)
                ? new JsString(guid.ToString())
                : throw new JavaScriptException(scope.Engine.Intrinsics.TypeError, $"'{text}' is not a GUID");
        }, 1);
        define("isNullOrEmpty", args => string.IsNullOrEmpty(ScriptScope.NullableString(ScriptScope.Arg(args, 0))) ? JsBoolean.True : JsBoolean.False, 1);
        define("isNullOrWhiteSpace", args => string.IsNullOrWhiteSpace(ScriptScope.NullableString(ScriptScope.Arg(args, 0))) ? JsBoolean.True : JsBoolean.False, 1);
        define("toJson", args => new JsString(JsonSerializer.Serialize(scope.Converter.ToClr(ScriptScope.Arg(args, 0)), JsonOptions)), 1);
    }

    private static string Name(JsValue[] args) => ScriptScope.NullableString(ScriptScope.Arg(args, 0)) ?? string.Empty;

    private static string[] Names(ScriptScope scope, JsValue value) => scope.Converter.ToClr(value) switch
    {
        null => [],
        List<object?> items => items.Select(item => Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty).ToArray(),
        _ => [TypeConverter.ToString(value)],
    };

    private static string ShortGuid(Guid guid) =>
        Convert.ToBase64String(guid.ToByteArray()).Replace('/', '_').Replace('+', '-')[..22];
}
