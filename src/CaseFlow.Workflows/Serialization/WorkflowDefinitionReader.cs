using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Workflows.Serialization;

/// <summary>
/// Reads Elsa 3 workflow definition JSON, tolerating every shape Elsa itself accepts: camel or Pascal case,
/// legacy top-level <c>canStartWorkflow</c>, the four connection forms, bare scalar inputs. Unknown
/// properties are kept verbatim; unknown activity types are kept whole (Elsa's NotFound behaviour).
/// </summary>
public static class WorkflowDefinitionReader
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };
    // Deep enough for real definitions (flowcharts nested ~120 deep), shallow enough that the reader, validator, compiler
    // and runner, which all recurse over the activity tree, never come near the end of the stack.
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth };

    /// <summary>The deepest JSON a definition may have; deeper input is refused with its position before anything recurses over it.</summary>
    public const int MaxDepth = 256;

    /// <summary>Activity types whose <c>activities</c> (and <c>connections</c>/<c>variables</c>) hold nested activities.</summary>
    internal static readonly HashSet<string> ContainerTypes = new(StringComparer.Ordinal) { "Elsa.Flowchart", "Elsa.Sequence" };

    private static readonly HashSet<string> TopLevelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "$schema", "id", "definitionId", "tenantId", "name", "description", "createdAt", "version", "toolVersion",
        "variables", "inputs", "outputs", "outcomes", "customProperties", "isReadonly", "isSystem", "isLatest",
        "isPublished", "options", "root",
    };

    private static readonly HashSet<string> VariableNames = new(StringComparer.OrdinalIgnoreCase) { "id", "name", "typeName", "isArray", "value", "storageDriverTypeName" };
    private static readonly HashSet<string> ArgumentNames = new(StringComparer.OrdinalIgnoreCase) { "type", "name", "displayName", "description", "category", "isArray", "uiHint", "storageDriverType" };
    private static readonly HashSet<string> ConnectionNames = new(StringComparer.OrdinalIgnoreCase) { "source", "target", "sourcePort", "targetPort", "vertices" };

    private static readonly HashSet<string> ActivityCommonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "nodeId", "name", "type", "version", "customProperties", "metadata",
    };

    /// <summary>Parses a definition; throws <see cref="WorkflowFormatException"/> with a JSON path on malformed input.</summary>
    public static WorkflowDefinition Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, NodeOptions, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new WorkflowFormatException($"$: invalid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}", ex);
        }

        if (node is not JsonObject obj)
            throw new WorkflowFormatException("$: a workflow definition must be a JSON object");
        try
        {
            return Read(obj);
        }
        catch (ArgumentException ex) when (ex is not ArgumentNullException && FindDuplicateProperty(json) is { } path)
        {
            // Names are read case-insensitively, so JsonObject refuses "text" next to "Text" (or a repeated name).
            throw new WorkflowFormatException($"{path}: duplicate property name (property names are case-insensitive)", ex);
        }
        catch (InvalidOperationException ex) when (ex.TargetSite?.DeclaringType?.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
        {
            // Strings are decoded on first read: an unpaired surrogate (\ud800) surfaces here, not in Parse.
            throw new WorkflowFormatException($"$: invalid text: {FirstSentence(ex.Message)}", ex);
        }
    }

    private static string? FindDuplicateProperty(string json)
    {
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return FindDuplicateProperty(document.RootElement, "$");
    }

    private static string? FindDuplicateProperty(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (FindDuplicateProperty(item, $"{path}[{i++}]") is { } found)
                    return found;
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                var childPath = path != "$" ? $"{path}.{property.Name}" : property.Name.Equals("root", StringComparison.OrdinalIgnoreCase) ? "root" : "$." + property.Name;
                if (!seen.Add(property.Name))
                    return childPath;
                if (FindDuplicateProperty(property.Value, childPath) is { } found)
                    return found;
            }
        }

        return null;
    }

    public static WorkflowDefinition Read(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj = EnsureCaseInsensitive(obj);
        var definition = new WorkflowDefinition
        {
            Id = GetString(obj, "id", "$") ?? "",
            DefinitionId = GetString(obj, "definitionId", "$") ?? "",
            TenantId = GetString(obj, "tenantId", "$"),
            Name = GetString(obj, "name", "$"),
            Description = GetString(obj, "description", "$"),
            CreatedAt = GetDate(obj, "createdAt"),
            Version = GetInt(obj, "version") ?? 1,
            ToolVersion = GetString(obj, "toolVersion", "$"),
            Variables = ReadVariables(obj["variables"], "variables"),
            Inputs = ReadArguments(obj["inputs"], "inputs"),
            Outputs = ReadArguments(obj["outputs"], "outputs"),
            Outcomes = ReadStrings(obj["outcomes"]),
            CustomProperties = CloneObject(obj["customProperties"]) ?? [],
            IsReadonly = GetBool(obj, "isReadonly") ?? false,
            IsSystem = GetBool(obj, "isSystem") ?? false,
            IsLatest = GetBool(obj, "isLatest") ?? true,
            IsPublished = GetBool(obj, "isPublished") ?? false,
            Options = CloneObject(obj["options"]),
        };

        if (definition.DefinitionId.Length == 0)
            definition.DefinitionId = definition.Id;
        if (definition.Id.Length == 0)
            definition.Id = definition.DefinitionId;

        definition.Root = obj["root"] switch
        {
            JsonObject rootObject => ReadActivity(rootObject, "root"),
            null => throw new WorkflowFormatException("root: the definition has no root activity"),
            _ => throw new WorkflowFormatException("root: must be an activity object"),
        };

        foreach (var (key, value) in obj)
        {
            if (!TopLevelNames.Contains(key))
                definition.Extra[key] = value?.DeepClone();
        }

        return definition;
    }

    public static ActivityNode ReadActivity(JsonObject obj, string path)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = GetString(obj, "type", path);
        if (string.IsNullOrEmpty(type))
            throw new WorkflowFormatException($"{path}.type: every activity needs a type");

        var node = new ActivityNode
        {
            Id = GetString(obj, "id", path) ?? "",
            NodeId = GetString(obj, "nodeId", path),
            Name = GetString(obj, "name", path),
            Type = type,
            Version = GetInt(obj, "version"),
            CustomProperties = CloneObject(obj["customProperties"]) ?? [],
            Metadata = CloneObject(obj["metadata"]),
            Path = path,
        };

        var isContainer = ContainerTypes.Contains(type);
        foreach (var (key, value) in obj)
        {
            if (ActivityCommonNames.Contains(key))
                continue;

            // Legacy files carry canStartWorkflow/runAsynchronously at the top level; Elsa reads them from there
            // when customProperties lacks them and writes them into customProperties only.
            if (key.Equals("canStartWorkflow", StringComparison.OrdinalIgnoreCase) || key.Equals("runAsynchronously", StringComparison.OrdinalIgnoreCase))
            {
                var camel = char.ToLowerInvariant(key[0]) + key[1..];
                if (!node.CustomProperties.ContainsKey(camel) && value is JsonValue)
                    node.CustomProperties[camel] = value.DeepClone();
                continue;
            }

            if (isContainer && key.Equals("activities", StringComparison.OrdinalIgnoreCase))
            {
                node.Activities = ReadActivities(value, $"{path}.activities");
                continue;
            }

            if (isContainer && key.Equals("connections", StringComparison.OrdinalIgnoreCase))
            {
                node.Connections = ReadConnections(value, $"{path}.connections");
                continue;
            }

            if (isContainer && key.Equals("variables", StringComparison.OrdinalIgnoreCase))
            {
                node.Variables = ReadVariables(value, $"{path}.variables");
                continue;
            }

            node.Properties[key] = value?.DeepClone();
        }

        if (isContainer)
        {
            node.Activities ??= [];
            if (type == "Elsa.Flowchart")
                node.Connections ??= [];
        }

        return node;
    }

    private static List<ActivityNode> ReadActivities(JsonNode? value, string path)
    {
        var list = new List<ActivityNode>();
        var items = Unwrap(value);
        if (items is null)
            return list;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject child)
                throw new WorkflowFormatException($"{path}[{i}]: an activity must be a JSON object");
            list.Add(ReadActivity(child, $"{path}[{i}]"));
        }

        return list;
    }

    /// <summary>Reads connections in all four forms Elsa accepts: nested, flat, <c>{"$values":[...]}</c>, or a single object.</summary>
    internal static List<Connection> ReadConnections(JsonNode? value, string path)
    {
        var list = new List<Connection>();
        JsonArray? items = value switch
        {
            JsonArray array => array,
            JsonObject o when o["$values"] is JsonArray values => values,
            JsonObject o => [o.DeepClone()],
            _ => null,
        };
        if (items is null)
            return list;

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject c)
                throw new WorkflowFormatException($"{path}[{i}]: a connection must be a JSON object");
            c = EnsureCaseInsensitive(c);
            var connection = new Connection();
            connection.Source = ReadEndpoint(c["source"], c["sourcePort"], "Done", $"{path}[{i}].source");
            connection.Target = ReadEndpoint(c["target"], c["targetPort"], "In", $"{path}[{i}].target");
            // The nested form is kept as it came (with or without vertices); the legacy flat form is rewritten into the
            // current one, which has them.
            var legacy = c["source"] is JsonValue || c["target"] is JsonValue || c.ContainsKey("sourcePort") || c.ContainsKey("targetPort");
            connection.Vertices = c["vertices"]?.DeepClone() as JsonArray ?? (legacy ? [] : null);
            foreach (var (key, v) in c)
            {
                if (!ConnectionNames.Contains(key))
                    connection.Extra[key] = v?.DeepClone();
            }

            list.Add(connection);
        }

        return list;
    }

    private static Endpoint ReadEndpoint(JsonNode? endpoint, JsonNode? flatPort, string defaultPort, string path)
    {
        switch (endpoint)
        {
            case JsonObject o:
                o = EnsureCaseInsensitive(o);
                return new Endpoint
                {
                    Activity = AsString(o["activity"]) ?? throw new WorkflowFormatException($"{path}.activity: missing"),
                    Port = AsString(o["port"]) ?? AsString(flatPort) ?? defaultPort,
                };
            case JsonValue v when v.TryGetValue<string>(out var id):
                return new Endpoint { Activity = id, Port = AsString(flatPort) ?? defaultPort };
            default:
                throw new WorkflowFormatException($"{path}: must be an activity id or {{activity, port}}");
        }
    }

    internal static List<VariableDefinition> ReadVariables(JsonNode? value, string path)
    {
        var list = new List<VariableDefinition>();
        var items = Unwrap(value);
        if (items is null)
            return list;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject v)
                throw new WorkflowFormatException($"{path}[{i}]: a variable must be a JSON object");
            list.Add(ReadVariable(v, $"{path}[{i}]"));
        }

        return list;
    }

    /// <summary>Reads a variable model (also used for <c>SetVariable.variable</c>).</summary>
    public static VariableDefinition ReadVariable(JsonObject v, string path)
    {
        ArgumentNullException.ThrowIfNull(v);
        v = EnsureCaseInsensitive(v);
        var variable = new VariableDefinition
        {
            Id = GetString(v, "id", path) ?? "",
            Name = GetString(v, "name", path) ?? "",
            TypeName = GetString(v, "typeName", path) ?? "Object",
            IsArray = GetBool(v, "isArray"),
            Value = v["value"]?.DeepClone(),
            StorageDriverTypeName = GetString(v, "storageDriverTypeName", path),
        };
        if (variable.Id.Length == 0)
            variable.Id = variable.Name;
        foreach (var (key, val) in v)
        {
            if (!VariableNames.Contains(key))
                variable.Extra[key] = val?.DeepClone();
        }

        return variable;
    }

    private static List<ArgumentDefinition> ReadArguments(JsonNode? value, string path)
    {
        var list = new List<ArgumentDefinition>();
        var items = Unwrap(value);
        if (items is null)
            return list;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject a)
                throw new WorkflowFormatException($"{path}[{i}]: must be a JSON object");
            a = EnsureCaseInsensitive(a);
            var argument = new ArgumentDefinition
            {
                Type = GetString(a, "type", path) ?? "Object",
                Name = GetString(a, "name", path) ?? "",
                DisplayName = GetString(a, "displayName", path),
                Description = GetString(a, "description", path),
                Category = GetString(a, "category", path),
                IsArray = GetBool(a, "isArray"),
                UIHint = GetString(a, "uiHint", path),
                StorageDriverType = GetString(a, "storageDriverType", path),
            };
            foreach (var (key, val) in a)
            {
                if (!ArgumentNames.Contains(key))
                    argument.Extra[key] = val?.DeepClone();
            }

            list.Add(argument);
        }

        return list;
    }

    private static List<string> ReadStrings(JsonNode? value)
    {
        var items = Unwrap(value);
        return items is null ? [] : items.Select(AsString).Where(s => s is not null).Select(s => s!).ToList();
    }

    private static JsonArray? Unwrap(JsonNode? value) => value switch
    {
        JsonArray a => a,
        JsonObject o when o["$values"] is JsonArray values => values,
        _ => null,
    };

    private static JsonObject EnsureCaseInsensitive(JsonObject o)
    {
        if (o.Options?.PropertyNameCaseInsensitive == true)
            return o;
        return (JsonObject)JsonNode.Parse(o.ToJsonString(), NodeOptions, DocumentOptions)!;
    }

    private static JsonObject? CloneObject(JsonNode? node) =>
        node is JsonObject o ? (JsonObject)JsonNode.Parse(o.ToJsonString(), NodeOptions, DocumentOptions)! : null;

    internal static string? AsString(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    private static string? GetString(JsonObject o, string name, string path)
    {
        var node = o[name];
        if (node is null)
            return null;
        return AsString(node) ?? throw new WorkflowFormatException($"{path}.{name}: must be a string");
    }

    private static int? GetInt(JsonObject o, string name) => o[name] switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };

    private static bool? GetBool(JsonObject o, string name) => o[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var p) => p,
        _ => null,
    };

    private static DateTimeOffset? GetDate(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }
}

/// <summary>The JSON is not a readable workflow definition. The message starts with the JSON path of the problem.</summary>
public sealed class WorkflowFormatException : Exception
{
    public WorkflowFormatException(string message) : base(message) { }
    public WorkflowFormatException(string message, Exception inner) : base(message, inner) { }
    public WorkflowFormatException() { }
}
