using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>How definitions are compared, stored and exported: a content hash, the stored JSON, the export file.</summary>
public static class DefinitionContent
{
    // Identity and bookkeeping, not content: importing an exported file (new toolVersion, $schema) changes nothing.
    private static readonly string[] NotContent = ["$schema", "id", "version", "isLatest", "isPublished", "createdAt", "toolVersion"];

    // The writer's order for an activity's own properties; inputs and other properties follow, sorted.
    private static readonly string[] ActivityHead = ["id", "nodeId", "name", "type", "version", "customProperties", "metadata", "activities", "variables", "connections"];

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// SHA-256 (upper-case hex) of the definition as <see cref="WorkflowDefinitionWriter"/> writes it, without id,
    /// version, flags, createdAt, toolVersion and $schema, with every object's keys sorted: equal hashes mean equal content.
    /// </summary>
    public static string Hash(WorkflowDefinition definition)
    {
        var json = WorkflowDefinitionWriter.ToJsonObject(definition);
        foreach (var name in NotContent)
            json.Remove(name);
        WithVertices(json);
        var canonical = SortDeep(json)!.ToJsonString(Compact);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    // A connection without vertices and one with an empty list are the same content (and hashed as before the writer kept the difference).
    private static void WithVertices(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["connections"] is JsonArray connections)
                {
                    foreach (var connection in connections.OfType<JsonObject>())
                        connection.TryAdd("vertices", new JsonArray());
                }

                foreach (var (_, child) in o)
                    WithVertices(child);
                break;
            case JsonArray a:
                foreach (var child in a)
                    WithVertices(child);
                break;
        }
    }

    /// <summary>A deep copy (through the writer and reader, so exactly what would be stored).</summary>
    public static WorkflowDefinition Copy(WorkflowDefinition definition) =>
        WorkflowDefinitionReader.Read(WorkflowDefinitionWriter.Write(definition, indented: false));

    /// <summary>The compact JSON stored per version.</summary>
    public static string ToStoredJson(WorkflowDefinition definition) => WorkflowDefinitionWriter.Write(definition, indented: false);

    /// <summary>
    /// The export file: Elsa's export format (<c>$schema</c>, <c>toolVersion</c>), 2-space indent, keys sorted inside
    /// customProperties, metadata and options and for each activity's inputs; activity and connection order kept.
    /// </summary>
    public static string ToExportJson(WorkflowDefinition definition)
    {
        var json = WorkflowDefinitionWriter.ToJsonObject(definition, export: true);
        SortProperty(json, "customProperties");
        SortProperty(json, "options");
        if (json["root"] is JsonObject root)
            json["root"] = SortActivity(root);
        return json.ToJsonString(Indented) + "\n";
    }

    /// <summary><c>Complaint Handling</c> / <c>ComplaintHandling</c> → <c>complaint-handling</c>; empty when nothing ASCII remains.</summary>
    public static string ToKebabCase(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return "";
        var text = new StringBuilder();
        var previous = '-';
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                var boundary = char.IsAsciiLetterUpper(c) && (char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous)
                    || (char.IsAsciiLetterUpper(previous) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1])));
                if (boundary && text.Length > 0 && text[^1] != '-')
                    text.Append('-');
                text.Append(char.ToLowerInvariant(c));
            }
            else if (text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }

            previous = c;
        }

        return text.ToString().Trim('-');
    }

    private static JsonObject SortActivity(JsonObject activity)
    {
        var sorted = new JsonObject();
        foreach (var key in ActivityHead)
        {
            if (activity.TryGetPropertyValue(key, out var value))
                sorted[key] = key is "customProperties" or "metadata" ? SortDeep(value) : value?.DeepClone();
        }

        foreach (var (key, value) in activity.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!ActivityHead.Contains(key))
                sorted[key] = value?.DeepClone();
        }

        if (sorted["activities"] is JsonArray children)
        {
            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is JsonObject child)
                    children[i] = SortActivity(child);
            }
        }

        return sorted;
    }

    private static void SortProperty(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject value)
            parent[key] = SortDeep(value);
    }

    /// <summary>A copy with every object's keys in ordinal order; arrays keep their order.</summary>
    internal static JsonNode? SortDeep(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, SortDeep(p.Value)))),
        JsonArray a => new JsonArray(a.Select(SortDeep).ToArray()),
        _ => node?.DeepClone(),
    };
}
