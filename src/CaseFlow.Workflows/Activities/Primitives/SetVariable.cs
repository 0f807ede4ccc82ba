using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Workflows.Activities.Primitives;

[Activity("Elsa.SetVariable", Category = "Primitives", DisplayName = "Set Variable", Description = "Assigns a value to a workflow variable.")]
public sealed class SetVariable : CodeActivity
{
    [Input(Description = "The variable to assign (looked up by id, then by name).", UIHint = UIHints.VariablePicker, IsWrapped = false, IsRequired = true)]
    public Input<object> Variable { get; } = new();

    [Input(Description = "The value to assign.")]
    public Input<object> Value { get; } = new();

    protected override void Execute(ActivityExecutionContext context)
    {
        var target = (VariableDefinition?)context.Plan.Compiled
            ?? throw new ActivityFaultException("SetVariable has no variable");
        context.SetVariableById(target.Id, context.Get(Value), declareIfMissing: true, fallbackName: target.Name);
    }

    internal override object? Compile(ActivityNode node, WorkflowCompiler compiler) => ReadVariable(node);

    internal static VariableDefinition? ReadVariable(ActivityNode node) => node.Properties["variable"] switch
    {
        JsonObject o => WorkflowDefinitionReader.ReadVariable(o, node.Path + ".variable"),
        JsonValue v when v.TryGetValue<string>(out var name) => new VariableDefinition { Id = name, Name = name },
        _ => null,
    };
}

[Activity("Elsa.Complete", Category = "Primitives", Description = "Completes the enclosing workflow (or workflow used as an activity) with the given outcomes.", IsTerminal = true)]
public sealed class Complete : Activity
{
    [Input(Description = "The outcome or outcomes to complete with.", UIHint = UIHints.OutcomePicker)]
    public Input<string[]> Outcomes { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcomes = context.Get(Outcomes) is { Length: > 0 } given ? given : Activities.Outcomes.DoneOnly;
        var scope = context.NearestWorkflowScope();
        scope.Scope!.Outcomes = outcomes;
        context.Complete(outcomes);

        // The enclosing flowchart completed on the terminal node; the workflow scope above it may be separated
        // by other containers (a Sequence), so complete it explicitly.
        if (scope.Status == ActivityStatus.Running)
            scope.Complete(outcomes);
        return default;
    }
}
