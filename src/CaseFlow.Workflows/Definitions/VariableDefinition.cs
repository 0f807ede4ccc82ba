using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Definitions;

/// <summary>A workflow or container variable: <c>{id, name, typeName, isArray, value, storageDriverTypeName}</c>.</summary>
public sealed class VariableDefinition
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string TypeName { get; set; } = "Object";

    /// <summary>Null when the property was absent (container-level variables have no <c>isArray</c>).</summary>
    public bool? IsArray { get; set; }

    /// <summary>The initial value, usually a string (<c>"0"</c>); kept raw.</summary>
    public JsonNode? Value { get; set; }

    public string? StorageDriverTypeName { get; set; }
    public JsonObject Extra { get; set; } = [];
}

/// <summary>A declared workflow input or output (<c>InputDefinition</c> / <c>OutputDefinition</c>).</summary>
public sealed class ArgumentDefinition
{
    public string Type { get; set; } = "Object";
    public string Name { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public bool? IsArray { get; set; }
    public string? UIHint { get; set; }
    public string? StorageDriverType { get; set; }
    public JsonObject Extra { get; set; } = [];
}
