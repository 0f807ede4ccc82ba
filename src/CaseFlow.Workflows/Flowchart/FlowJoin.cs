using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Flowchart;

/// <summary>How an explicit join merges its inbound branches (see <see cref="Flowchart"/>).</summary>
public enum FlowJoinMode
{
    /// <summary>Run on the first followed inbound connection, once; cancel the other inbound branches.</summary>
    WaitAny,

    /// <summary>Run when every inbound connection was followed; skip if any was not.</summary>
    WaitAll,

    /// <summary>Run when every inbound connection was visited and at least one followed (the implicit-join rule).</summary>
    WaitAllActive,
}

[Activity("Elsa.FlowJoin", Category = "Branching", DisplayName = "Join", Description = "Merge several branches into one. The flowchart decides when it runs, from its mode.")]
public sealed class FlowJoin : Activity
{
    [Input(Description = "Wait Any: continue on the first branch that arrives. Wait All: continue once every branch arrived.", DefaultValue = FlowJoinMode.WaitAny, UIHint = UIHints.Dropdown, Options = ["WaitAny", "WaitAll", "WaitAllActive"])]
    public Input<FlowJoinMode> Mode { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Complete();
        return default;
    }

    /// <summary>Evaluates a join's mode before it runs, in the flowchart's scope (the join has no context yet).</summary>
    internal static FlowJoinMode GetMode(ActivityPlan join, ActivityExecutionContext flowchart)
    {
        var input = ((FlowJoin)join.Activity).Mode;
        var compiled = join.Inputs[input.Index];
        if (!compiled.IsSet)
            return FlowJoinMode.WaitAny;
        var value = flowchart.EvaluateCompiled(compiled, typeof(FlowJoinMode));
        return value is FlowJoinMode mode ? mode : FlowJoinMode.WaitAny;
    }
}

[Activity("Elsa.FlowDecision", Category = "Branching", DisplayName = "Decision", Description = "Continue on True or False, depending on a condition.")]
[Outcomes(Outcomes.True, Outcomes.False)]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition to evaluate.", UIHint = UIHints.SingleLine, DefaultSyntax = "JavaScript", IsRequired = true)]
    public Input<bool> Condition { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Complete(context.Get(Condition) ? Outcomes.True : Outcomes.False);
        return default;
    }
}

[Activity("Elsa.FlowFork", Category = "Branching", DisplayName = "Fork", Description = "Continue on every listed branch at once (parallel paths).")]
public sealed class FlowFork : Activity
{
    [Input(Description = "The branch names; each becomes an outcome port.", UIHint = UIHints.DynamicOutcomes, IsDynamicOutcomes = true)]
    public Input<string[]> Branches { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var branches = context.Get(Branches);
        context.Complete(branches is { Length: > 0 } ? branches : Outcomes.DoneOnly);
        return default;
    }

    public override IReadOnlyList<string> GetOutcomes(Definitions.ActivityNode node) => DynamicOutcomes.FromInput(node, "branches", Outcomes.DoneOnly);
}
