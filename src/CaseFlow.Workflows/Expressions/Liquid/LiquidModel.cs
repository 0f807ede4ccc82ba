using DotLiquid;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>
/// The template model, as Elsa templates expect it: <c>Variables</c>, <c>Input</c>, <c>Workflow</c> and every variable
/// at top level. Variables and inputs are looked up (and converted) only when a template names them, once per render.
/// </summary>
internal static class LiquidModel
{
    public static Hash Create(ExpressionContext context)
    {
        var variables = Lazy((string name, out object? value) => context.TryGetVariable(name, out value));
        var model = Lazy((string name, out object? value) => context.TryGetVariable(name, out value));
        model["Variables"] = variables;
        model["Input"] = Lazy((string name, out object? value) => context.TryGetInput(name, out value));
        model["Workflow"] = new Hash
        {
            ["Id"] = context.WorkflowInstanceId,
            ["DefinitionId"] = context.WorkflowDefinitionId,
            ["Version"] = context.WorkflowDefinitionVersion,
            ["CorrelationId"] = context.CorrelationId,
            ["Name"] = context.WorkflowInstanceName,
        };
        return model;
    }

    private delegate bool Lookup(string name, out object? value);

    private static Hash Lazy(Lookup lookup) => new((hash, name) =>
    {
        var value = lookup(name, out var raw) ? LiquidValues.ToLiquid(raw) : null;
        hash[name] = value;
        return value;
    });
}
