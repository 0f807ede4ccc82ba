using System.Runtime.CompilerServices;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// A definition compiled for execution: every node resolved to its activity, inputs parsed into
/// <see cref="CompiledInput"/>s, flowchart graphs precomputed. Built once per definition version and shared
/// by all its instances (definitions are immutable once loaded).
/// </summary>
public sealed class WorkflowPlan
{
    internal WorkflowPlan(WorkflowDefinition definition, ActivityPlan root, IReadOnlyList<VariableDeclaration> variables, Dictionary<string, ActivityPlan> byId)
    {
        Definition = definition;
        Root = root;
        Variables = variables;
        ById = byId;
    }

    public WorkflowDefinition Definition { get; }
    public ActivityPlan Root { get; }
    public IReadOnlyList<VariableDeclaration> Variables { get; }
    internal Dictionary<string, ActivityPlan> ById { get; }

    public ActivityPlan? Find(string activityId) => ById.GetValueOrDefault(activityId);
}

/// <summary>A variable with its CLR type resolved.</summary>
public sealed record VariableDeclaration(VariableDefinition Definition, Type ClrType)
{
    public string Id => Definition.Id;
    public string Name => Definition.Name;

    private object? _immutableInitial;
    private bool _hasImmutableInitial;

    public object? InitialValue()
    {
        if (_hasImmutableInitial)
            return _immutableInitial;
        var value = ComputeInitialValue();
        if (value is null or string or bool or int or long or double or decimal or DateTimeOffset or TimeSpan or Guid)
        {
            _immutableInitial = value;
            _hasImmutableInitial = true;
        }

        return value;
    }

    private object? ComputeInitialValue()
    {
        var raw = ValueConverter.FromNode(Definition.Value);
        if (raw is string { Length: 0 } && ClrType != typeof(string))
            return ClrType.IsValueType ? Activator.CreateInstance(ClrType) : null;
        try
        {
            return ValueConverter.Convert(raw, ClrType);
        }
        catch (InvalidCastException)
        {
            return raw;
        }
    }
}

/// <summary>One node of a <see cref="WorkflowPlan"/>.</summary>
public sealed class ActivityPlan
{
    internal ActivityPlan(ActivityNode node, Activity activity, string nodeId, ActivityPlan? parent)
    {
        Node = node;
        Activity = activity;
        NodeId = nodeId;
        Parent = parent;
    }

    public ActivityNode Node { get; }
    public Activity Activity { get; }
    public string Id => Node.Id;
    public string Type => Node.Type;

    /// <summary>The path-like id Elsa recomputes from the graph: <c>Workflow1:flowchart:activity</c>.</summary>
    public string NodeId { get; }

    public ActivityPlan? Parent { get; }

    /// <summary>The position of this node among its parent's children (-1 for the root).</summary>
    public int Index { get; internal set; } = -1;
    internal CompiledInput[] Inputs { get; set; } = [];
    public IReadOnlyList<ActivityPlan> Children { get; internal set; } = [];
    internal Dictionary<string, ActivityPlan>? ChildById { get; set; }
    public IReadOnlyList<VariableDeclaration> Variables { get; internal set; } = [];

    /// <summary>Type-specific data prepared by <see cref="Activity"/> at compile time.</summary>
    internal object? Compiled { get; set; }

    /// <summary>Per-plan caches owned by activities (e.g. flow graphs by start activity).</summary>
    internal ConditionalWeakTable<object, object> Cache { get; } = [];

    public ActivityPlan? FindChild(string id) => ChildById?.GetValueOrDefault(id);

    public override string ToString() => NodeId;
}
