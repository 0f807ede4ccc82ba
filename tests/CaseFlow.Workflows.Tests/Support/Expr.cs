using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Tests.Support;

/// <summary>Builds Elsa 3 input and output wrappers: <c>{typeName, expression:{type, value}}</c> and <c>{typeName, memoryReference:{id}}</c>.</summary>
public static class Expr
{
    public static JsonObject Literal(object? value, string typeName = "String") => Wrap(typeName, "Literal", JsonSerializer.SerializeToNode(value));

    /// <summary>An Object expression: JSON held in a string, e.g. <c>"[\"A\",\"B\"]"</c>.</summary>
    public static JsonObject Object(string json, string typeName = "Object") => Wrap(typeName, "Object", JsonValue.Create(json));

    public static JsonObject JavaScript(string script, string typeName = "Object") => Wrap(typeName, "JavaScript", JsonValue.Create(script));

    public static JsonObject Liquid(string template, string typeName = "String") => Wrap(typeName, "Liquid", JsonValue.Create(template));

    /// <summary>A Variable expression: the serialized variable model, as the designer writes it.</summary>
    public static JsonObject Variable(string name, string typeName = "Object") =>
        Wrap(typeName, "Variable", JsonValue.Create(new JsonObject { ["id"] = VariableId(name), ["name"] = name, ["typeName"] = typeName, ["value"] = null }.ToJsonString()));

    /// <summary>An Input expression naming a workflow input.</summary>
    public static JsonObject Input(string name, string typeName = "Object") => Wrap(typeName, "Input", JsonValue.Create(name));

    /// <summary>An output captured into the variable with the given name.</summary>
    public static JsonObject Capture(string variableName, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["memoryReference"] = new JsonObject { ["id"] = VariableId(variableName) } };

    /// <summary>The id the builders give a variable.</summary>
    public static string VariableId(string name) => "var-" + name;

    private static JsonObject Wrap(string typeName, string type, JsonNode? value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
}
