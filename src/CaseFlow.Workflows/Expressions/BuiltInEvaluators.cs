using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Expressions;

/// <summary>Elsa's <c>Variable</c> expression: the value is a serialized variable (<c>{"id":...,"name":...}</c>) or a bare name.</summary>
public sealed class VariableEvaluator : IExpressionEvaluator
{
    public string Type => ExpressionTypes.Variable;

    public ValueTask<object?> EvaluateAsync(Expression expression, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(context);
        var name = ReferencedName(expression.Text);
        return ValueTask.FromResult(name is not null && context.TryGetVariable(name, out var value) ? value : null);
    }

    internal static string? ReferencedName(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!text.TrimStart().StartsWith('{'))
            return text.Trim();
        try
        {
            var node = JsonNode.Parse(text, new JsonNodeOptions { PropertyNameCaseInsensitive = true });
            return node?["name"]?.GetValue<string>() ?? node?["id"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Elsa's <c>Input</c> expression: the value is a serialized input definition or a bare input name.</summary>
public sealed class InputEvaluator : IExpressionEvaluator
{
    public string Type => ExpressionTypes.Input;

    public ValueTask<object?> EvaluateAsync(Expression expression, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(context);
        var name = VariableEvaluator.ReferencedName(expression.Text);
        return ValueTask.FromResult(name is not null && context.TryGetInput(name, out var value) ? value : null);
    }
}
