using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Workflows.Serialization;

/// <summary>
/// Writes Elsa 3 workflow definition JSON: connections in the nested form with their <c>vertices</c> (when they have them),
/// <c>canStartWorkflow</c> inside <c>customProperties</c>, unknown properties and unknown activities as read.
/// </summary>
public static class WorkflowDefinitionWriter
{
    public const string SchemaUrl = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    /// <summary>The Elsa format version CaseFlow writes as <c>toolVersion</c> on export.</summary>
    public const string ToolVersion = "3.7.1.0";

    // Relaxed escaping keeps Chinese text and quotes readable in diffs; Elsa reads either form.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serializes a definition. <paramref name="export"/> adds <c>$schema</c> and a <c>toolVersion</c>.</summary>
    public static string Write(WorkflowDefinition definition, bool export = false, bool indented = true) =>
        ToJsonObject(definition, export).ToJsonString(indented ? Indented : Compact) + (indented ? "\n" : "");

    public static JsonObject ToJsonObject(WorkflowDefinition definition, bool export = false)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var o = new JsonObject();
        if (export)
            o["$schema"] = SchemaUrl;
        o["id"] = definition.Id;
        o["definitionId"] = definition.DefinitionId;
        if (definition.TenantId is not null)
            o["tenantId"] = definition.TenantId;
        o["name"] = definition.Name;
        o["description"] = definition.Description;
        o["createdAt"] = (definition.CreatedAt ?? DateTimeOffset.UnixEpoch).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
        o["version"] = definition.Version;
        if (definition.ToolVersion is not null || export)
            o["toolVersion"] = definition.ToolVersion ?? ToolVersion;
        o["variables"] = new JsonArray(definition.Variables.Select(v => (JsonNode)WriteVariable(v, includeIsArray: true)).ToArray());
        o["inputs"] = new JsonArray(definition.Inputs.Select(a => (JsonNode)WriteArgument(a)).ToArray());
        o["outputs"] = new JsonArray(definition.Outputs.Select(a => (JsonNode)WriteArgument(a)).ToArray());
        o["outcomes"] = new JsonArray(definition.Outcomes.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
        o["customProperties"] = definition.CustomProperties.DeepClone();
        o["isReadonly"] = definition.IsReadonly;
        o["isSystem"] = definition.IsSystem;
        o["isLatest"] = definition.IsLatest;
        o["isPublished"] = definition.IsPublished;
        if (definition.Options is not null)
            o["options"] = definition.Options.DeepClone();
        foreach (var (key, value) in definition.Extra)
            o[key] = value?.DeepClone();
        o["root"] = WriteActivity(definition.Root);
        return o;
    }

    public static JsonObject WriteActivity(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var o = new JsonObject { ["id"] = node.Id };
        if (node.NodeId is not null)
            o["nodeId"] = node.NodeId;
        if (node.Name is not null)
            o["name"] = node.Name;
        o["type"] = node.Type;
        if (node.Version is not null)
            o["version"] = node.Version;
        o["customProperties"] = node.CustomProperties.DeepClone();
        if (node.Metadata is not null)
            o["metadata"] = node.Metadata.DeepClone();
        if (node.Activities is not null)
            o["activities"] = new JsonArray(node.Activities.Select(a => (JsonNode)WriteActivity(a)).ToArray());
        if (node.Variables is not null)
            o["variables"] = new JsonArray(node.Variables.Select(v => (JsonNode)WriteVariable(v, includeIsArray: v.IsArray is not null)).ToArray());
        if (node.Connections is not null)
            o["connections"] = new JsonArray(node.Connections.Select(c => (JsonNode)WriteConnection(c)).ToArray());
        foreach (var (key, value) in node.Properties)
            o[key] = value?.DeepClone();
        return o;
    }

    public static JsonObject WriteConnection(Connection c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var o = new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = c.Source.Activity, ["port"] = c.Source.Port },
            ["target"] = new JsonObject { ["activity"] = c.Target.Activity, ["port"] = c.Target.Port },
        };

        // Kept as read: a file without vertices is saved without them (Elsa reads a missing list as empty).
        if (c.Vertices is not null)
            o["vertices"] = c.Vertices.DeepClone();
        foreach (var (key, value) in c.Extra)
            o[key] = value?.DeepClone();
        return o;
    }

    public static JsonObject WriteVariable(VariableDefinition v, bool includeIsArray)
    {
        ArgumentNullException.ThrowIfNull(v);
        var o = new JsonObject { ["id"] = v.Id, ["name"] = v.Name, ["typeName"] = v.TypeName };
        if (includeIsArray)
            o["isArray"] = v.IsArray ?? false;
        o["value"] = v.Value?.DeepClone();
        if (v.StorageDriverTypeName is not null)
            o["storageDriverTypeName"] = v.StorageDriverTypeName;
        foreach (var (key, value) in v.Extra)
            o[key] = value?.DeepClone();
        return o;
    }

    private static JsonObject WriteArgument(ArgumentDefinition a)
    {
        var o = new JsonObject { ["type"] = a.Type, ["name"] = a.Name };
        if (a.DisplayName is not null)
            o["displayName"] = a.DisplayName;
        if (a.Description is not null)
            o["description"] = a.Description;
        if (a.Category is not null)
            o["category"] = a.Category;
        if (a.IsArray is not null)
            o["isArray"] = a.IsArray;
        if (a.UIHint is not null)
            o["uiHint"] = a.UIHint;
        if (a.StorageDriverType is not null)
            o["storageDriverType"] = a.StorageDriverType;
        foreach (var (key, value) in a.Extra)
            o[key] = value?.DeepClone();
        return o;
    }
}
