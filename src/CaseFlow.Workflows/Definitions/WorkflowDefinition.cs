using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Definitions;

/// <summary>
/// One version of a workflow definition in Elsa 3's JSON model (<c>WorkflowDefinitionModel</c>).
/// Known properties are typed; every other top-level property is kept verbatim in <see cref="Extra"/>
/// so that a load/save round trip loses nothing.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>The version id (opaque; each version has its own).</summary>
    public string Id { get; set; } = "";

    /// <summary>The id shared by all versions.</summary>
    public string DefinitionId { get; set; } = "";

    public string? TenantId { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public int Version { get; set; } = 1;
    public string? ToolVersion { get; set; }
    public List<VariableDefinition> Variables { get; set; } = [];
    public List<ArgumentDefinition> Inputs { get; set; } = [];
    public List<ArgumentDefinition> Outputs { get; set; } = [];
    public List<string> Outcomes { get; set; } = [];
    public JsonObject CustomProperties { get; set; } = [];
    public bool IsReadonly { get; set; }
    public bool IsSystem { get; set; }
    public bool IsLatest { get; set; } = true;
    public bool IsPublished { get; set; }
    public JsonObject? Options { get; set; }

    /// <summary>The root activity: usually an <c>Elsa.Flowchart</c>, but any activity works.</summary>
    public ActivityNode Root { get; set; } = new() { Id = "Flowchart1", Type = "Elsa.Flowchart", Activities = [], Connections = [] };

    /// <summary>Unknown top-level properties, in their original order.</summary>
    public JsonObject Extra { get; set; } = [];

    /// <summary>True when the definition may be used as an activity in other workflows (<c>options.usableAsActivity</c>, or the obsolete top-level flag).</summary>
    public bool UsableAsActivity =>
        Options?["usableAsActivity"]?.GetValueKind() == System.Text.Json.JsonValueKind.True
        || Extra["usableAsActivity"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>The incident strategy type named in <c>options.incidentStrategyType</c>, if any.</summary>
    public string? IncidentStrategyType => Options?["incidentStrategyType"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public override string ToString() => $"{Name ?? DefinitionId} v{Version}";
}
