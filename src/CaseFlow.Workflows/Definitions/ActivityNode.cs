using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Definitions;

/// <summary>
/// One activity object of a definition. The common properties are typed; inputs, outputs and any other
/// properties stay as raw JSON in <see cref="Properties"/> (original order), so unknown activity types and
/// unknown properties survive a round trip unchanged. Containers (<c>Elsa.Flowchart</c>, <c>Elsa.Sequence</c>)
/// have <see cref="Activities"/> and, for flowcharts, <see cref="Connections"/>.
/// </summary>
public sealed class ActivityNode
{
    public string Id { get; set; } = "";
    public string? NodeId { get; set; }
    public string? Name { get; set; }
    public string Type { get; set; } = "";
    public int? Version { get; set; }
    public JsonObject CustomProperties { get; set; } = [];
    public JsonObject? Metadata { get; set; }

    /// <summary>Every other property (inputs, outputs, type-specific data), raw, in original order.</summary>
    public JsonObject Properties { get; set; } = new(new JsonNodeOptions { PropertyNameCaseInsensitive = true });

    /// <summary>Child activities of a container; null for plain activities.</summary>
    public List<ActivityNode>? Activities { get; set; }

    /// <summary>Connections of a flowchart; null for other activities.</summary>
    public List<Connection>? Connections { get; set; }

    /// <summary>Container-level variables (<c>root.variables</c>); null when absent.</summary>
    public List<VariableDefinition>? Variables { get; set; }

    /// <summary>Where the activity came from in the file, e.g. <c>root.activities[3]</c>; used in validation messages.</summary>
    public string Path { get; set; } = "root";

    /// <summary>Reads <c>customProperties.canStartWorkflow</c> (legacy files put it at the top level; the reader moves it).</summary>
    public bool CanStartWorkflow
    {
        get => CustomProperties["canStartWorkflow"]?.GetValueKind() == JsonValueKind.True;
        set => CustomProperties["canStartWorkflow"] = value;
    }

    public bool RunAsynchronously => CustomProperties["runAsynchronously"]?.GetValueKind() == JsonValueKind.True;

    /// <summary>The display text shown in the designer, or the name, or the id.</summary>
    public string DisplayName =>
        (Metadata?["displayText"] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null) ?? Name ?? Id;

    public JsonNode? this[string property] => Properties[property];

    /// <summary>Enumerates this node and all nested activities, depth first.</summary>
    public IEnumerable<ActivityNode> Descendants()
    {
        if (Activities is null)
            yield break;
        foreach (var child in Activities)
        {
            yield return child;
            foreach (var grandChild in child.Descendants())
                yield return grandChild;
        }
    }

    public override string ToString() => $"{Type} {Id}";
}
