using System.Text.Json.Serialization;

namespace CaseFlow.Workflows.Activities;

/// <summary>What the designer needs to show and edit an activity type (Elsa's descriptor shape, simplified).</summary>
public sealed class ActivityDescriptor
{
    public required string TypeName { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public int Version { get; init; } = 1;
    public required string Category { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<ActivityKind>))]
    public ActivityKind Kind { get; init; }

    public bool IsContainer { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsStart { get; init; }
    public bool IsTerminal { get; init; }

    /// <summary>Static outcomes (flow ports).</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    /// <summary>The input whose values become additional ports (FlowFork.branches, FlowSwitch.cases, HumanTask.outcomes), if any.</summary>
    public string? DynamicOutcomesInput { get; init; }

    public IReadOnlyList<PortDescriptor> Ports => Outcomes.Select(o => new PortDescriptor(o, o)).ToList();
    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];
    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>Set for workflow-as-activity descriptors: the definition they run.</summary>
    public string? WorkflowDefinitionId { get; init; }

    [JsonIgnore]
    public Activity Activity { get; init; } = null!;

    [JsonIgnore]
    internal IReadOnlyList<InputBase> InputKeys { get; init; } = [];
}

public sealed record PortDescriptor(string Name, string DisplayName, string Type = "Flow");

public sealed record InputDescriptor(
    string Name,
    string TypeName,
    string DisplayName,
    string? Description,
    string? UIHint,
    string? Category,
    object? DefaultValue,
    string DefaultSyntax,
    bool IsRequired,
    bool IsWrapped,
    bool IsReadOnly,
    bool IsBrowsable,
    int Order,
    IReadOnlyList<string>? Options);

public sealed record OutputDescriptor(string Name, string TypeName, string DisplayName, string? Description);
