using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>Exposes one activity execution to expression evaluators.</summary>
internal sealed class ActivityExpressionContext(ActivityExecutionContext activity) : ExpressionContext
{
    public override string WorkflowInstanceId => activity.Workflow.Id;
    public override string WorkflowDefinitionId => activity.Workflow.State.DefinitionId;
    public override int WorkflowDefinitionVersion => activity.Workflow.State.DefinitionVersion;

    public override string? CorrelationId
    {
        get => activity.Workflow.State.CorrelationId;
        set => activity.Workflow.State.CorrelationId = value;
    }

    public override string? WorkflowInstanceName
    {
        get => activity.Workflow.State.Name;
        set => activity.Workflow.State.Name = value;
    }

    public override IEnumerable<string> VariableNames => activity.VisibleVariableNames();

    public override bool TryGetVariable(string name, out object? value) => activity.TryGetVariable(name, out value);

    public override void SetVariable(string name, object? value) => activity.SetVariable(name, value);

    public override IEnumerable<string> InputNames => activity.NearestWorkflowScope().Scope?.Inputs.Keys ?? Enumerable.Empty<string>();

    public override bool TryGetInput(string name, out object? value)
    {
        if (activity.NearestWorkflowScope().Scope is { } scope && scope.Inputs.TryGetValue(name, out value))
            return true;
        value = null;
        return false;
    }

    public override object? GetOutputFrom(string activityIdOrName, string? outputName) => activity.Workflow.GetOutput(activityIdOrName, outputName ?? "result");

    public override object? LastResult => activity.Workflow.LastResult;

    public override IReadOnlyList<string>? Outcomes { get; set; }

    public override object? GetConfig(string key) => activity.Workflow.Runner.Options.Configuration.GetValueOrDefault(key);

    public override IDictionary<string, object> Cache => activity.Workflow.ExpressionCache;

    public override CancellationToken CancellationToken => activity.Workflow.CancellationToken;
}
