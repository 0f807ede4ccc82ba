using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Expressions;

/// <summary>An expression as written in a definition: <c>{"type":"JavaScript","value":"..."}</c>. The value stays raw JSON.</summary>
public sealed record Expression(string Type, JsonNode? Value)
{
    public static Expression Literal(JsonNode? value) => new(ExpressionTypes.Literal, value);

    /// <summary>The value as source text (scripts, templates, JSON-in-string for Object/Variable/Input).</summary>
    public string? Text => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Value.ToJsonString(),
    };
}

/// <summary>Expression type names used in Elsa 3 JSON.</summary>
public static class ExpressionTypes
{
    public const string Literal = "Literal";
    public const string Object = "Object";
    public const string Json = "Json";
    public const string Variable = "Variable";
    public const string Input = "Input";
    public const string JavaScript = "JavaScript";
    public const string Liquid = "Liquid";
    public const string Delegate = "Delegate";
}
