namespace CaseFlow.Workflows.Expressions;

/// <summary>
/// What an expression can see and change while an activity runs: variables in scope, workflow inputs,
/// instance identity, outputs of earlier activities, and the outcomes a script may set. The runtime
/// implements it; evaluators only read and write through it.
/// </summary>
public abstract class ExpressionContext
{
    public abstract string WorkflowInstanceId { get; }
    public abstract string WorkflowDefinitionId { get; }
    public abstract int WorkflowDefinitionVersion { get; }
    public abstract string? CorrelationId { get; set; }
    public abstract string? WorkflowInstanceName { get; set; }

    /// <summary>Names of the variables visible from the running activity (innermost scope first).</summary>
    public abstract IEnumerable<string> VariableNames { get; }

    public abstract bool TryGetVariable(string name, out object? value);

    /// <summary>Sets a visible variable; declares it in the workflow scope when no scope has it (as Elsa's <c>setVariable</c> does).</summary>
    public abstract void SetVariable(string name, object? value);

    /// <summary>Names of the inputs of the innermost workflow (the workflow-as-activity's own inputs inside a child).</summary>
    public abstract IEnumerable<string> InputNames { get; }

    public abstract bool TryGetInput(string name, out object? value);

    /// <summary>An output of an earlier activity, by activity id or name (<c>getOutputFrom</c>); null outputName = its result.</summary>
    public abstract object? GetOutputFrom(string activityIdOrName, string? outputName);

    /// <summary>The result of the last activity that produced one (<c>getLastResult</c>).</summary>
    public abstract object? LastResult { get; }

    /// <summary>Outcomes set by a script with <c>setOutcome</c>/<c>setOutcomes</c>; null when none were set.</summary>
    public abstract IReadOnlyList<string>? Outcomes { get; set; }

    /// <summary>Configuration values scripts may read with <c>getConfig</c>.</summary>
    public virtual object? GetConfig(string key) => null;

    /// <summary>Per workflow-execution cache for evaluators (e.g. a script engine reused across activities of one run).</summary>
    public abstract IDictionary<string, object> Cache { get; }

    public virtual CancellationToken CancellationToken => CancellationToken.None;
}
