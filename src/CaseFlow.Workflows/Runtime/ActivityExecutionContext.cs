using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// One execution of one activity node: its status, evaluated inputs, bookmarks, children and scope data.
/// Activities read inputs and report results only through this object.
/// </summary>
public sealed class ActivityExecutionContext
{
    private ActivityExpressionContext? _expressionContext;
    private Dictionary<string, object?>? _properties;
    private List<ActivityExecutionContext>? _children;

    internal ActivityExecutionContext(WorkflowExecutionContext workflow, ActivityPlan plan, ActivityExecutionContext? parent, string id)
    {
        Workflow = workflow;
        Plan = plan;
        Parent = parent;
        Id = id;
        if (plan.Variables.Count > 0)
            DeclareVariables(plan.Variables);
    }

    /// <summary>The activity instance id.</summary>
    public string Id { get; }

    public WorkflowExecutionContext Workflow { get; }
    public ActivityPlan Plan { get; }
    public ActivityNode Node => Plan.Node;
    public Activity Activity => Plan.Activity;
    public ActivityExecutionContext? Parent { get; }
    public ActivityStatus Status { get; internal set; } = ActivityStatus.Running;
    public DateTimeOffset StartedAt { get; internal set; }

    /// <summary>The outcomes the activity completed with.</summary>
    public IReadOnlyList<string> CompletedOutcomes { get; internal set; } = Outcomes.None;

    // Most activities never have children: allocate the list on first use.
    internal List<ActivityExecutionContext> Children => _children ??= [];

    internal bool HasChildren => _children is { Count: > 0 };

    /// <summary>Activity-owned data that is rebuilt on demand and never persisted (e.g. a flowchart's graph).</summary>
    internal object? Transient { get; set; }

    /// <summary>True when this execution was scheduled through a loop's back edge (flowchart bookkeeping).</summary>
    public bool ScheduledByBackwardConnection { get; internal set; }

    /// <summary>Activity-owned state that must survive a suspension (flow counters, sequence position...).</summary>
    public Dictionary<string, object?> Properties => _properties ??= [];

    /// <summary>On resume: the input sent with the stimulus.</summary>
    public object? ResumeInput { get; internal set; }

    /// <summary>On resume: the bookmark being resumed.</summary>
    public Bookmark? ResumedBookmark { get; internal set; }

    public bool HasBookmarks => Workflow.HasBookmarks(this);

    /// <summary>The activity's result (its <c>result</c> output), visible to <c>getLastResult()</c> and <c>getOutputFrom</c>.</summary>
    public object? Result { get; private set; }

    internal Dictionary<string, object?>? VariableValues { get; private set; }
    internal List<VariableDeclaration>? VariableDeclarations { get; private set; }

    /// <summary>Set on workflow scopes (the workflow itself and each workflow used as an activity).</summary>
    internal WorkflowScope? Scope { get; set; }

    public IReadOnlyList<ActivityExecutionContext> ChildContexts => (IReadOnlyList<ActivityExecutionContext>?)_children ?? [];

    // ---- inputs ------------------------------------------------------------------------------------------

    /// <summary>Evaluates an input of this node and converts it to the input's type; unset inputs give the declared default.</summary>
    public T? Get<T>(Input<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var value = Evaluate(input, typeof(T));
        return value is null ? default : (T)value;
    }

    internal object? Evaluate(InputBase input, Type type)
    {
        var compiled = Plan.Inputs[input.Index];
        if (!compiled.IsSet)
            return input.Metadata.DefaultValue is { } defaultValue ? ValueConverter.Convert(defaultValue, type) : ValueConverter.Convert(null, type);
        return EvaluateCompiled(compiled, type);
    }

    internal object? EvaluateCompiled(CompiledInput compiled, Type type)
    {
        if (compiled.IsConstant)
            return compiled.GetConstant(type);
        if (compiled.Expression is null)
            return ValueConverter.Convert(null, type);
        var value = EvaluateExpression(compiled.Expression, compiled.Evaluator);
        if (value is string { Length: 0 } && type != typeof(string) && type != typeof(object))
            value = null;
        return ValueConverter.Convert(value, type);
    }

    /// <summary>Evaluates an arbitrary expression in this activity's scope (used for FlowSwitch cases and similar).</summary>
    public object? EvaluateExpression(Expression expression, IExpressionEvaluator? evaluator = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        switch (expression.Type)
        {
            case ExpressionTypes.Literal:
                return ValueConverter.FromNode(expression.Value);
            case ExpressionTypes.Object or ExpressionTypes.Json:
                return WorkflowCompiler.ParseObject(expression.Value);
        }

        evaluator ??= Workflow.Compiler.FindEvaluator(expression.Type)
            ?? throw new ExpressionException($"No evaluator for expression type '{expression.Type}'");
        var task = evaluator.EvaluateAsync(expression, ExpressionContext);
        // Evaluators complete synchronously today; an asynchronous one is awaited on the calling thread.
        return task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The expression view of this context (variables, inputs, ids) handed to evaluators.</summary>
    public ExpressionContext ExpressionContext => _expressionContext ??= new ActivityExpressionContext(this);

    /// <summary>Outcomes a script set with <c>setOutcome</c> while this activity ran.</summary>
    public IReadOnlyList<string>? ScriptOutcomes => _expressionContext?.Outcomes;

    // ---- completion --------------------------------------------------------------------------------------

    /// <summary>Completes the activity with the given outcomes (default <c>Done</c>) and lets its parent continue.</summary>
    public void Complete(params string[] outcomes) => Workflow.CompleteActivity(this, outcomes.Length == 0 ? Outcomes.DoneOnly : outcomes);

    public void Complete(IReadOnlyList<string> outcomes) => Workflow.CompleteActivity(this, outcomes);

    /// <summary>Schedules a child of this container; its completion calls <see cref="Activity.OnChildCompleted"/>.</summary>
    public void ScheduleChild(ActivityPlan child, bool backwardConnection = false) => Workflow.Schedule(child, this, backwardConnection);

    /// <summary>Creates a bookmark: the activity stays running and the workflow suspends until it is resumed.</summary>
    public Bookmark CreateBookmark(BookmarkOptions options) => Workflow.CreateBookmark(this, options);

    public void ClearBookmarks() => Workflow.RemoveBookmarks(this);

    // ---- outputs and variables ---------------------------------------------------------------------------

    /// <summary>A host service (e.g. a business calendar); throws when the host registered none of that type.</summary>
    public T GetRequiredService<T>() where T : notnull =>
        Workflow.Runner.Options.Services?.GetService(typeof(T)) is T service
            ? service
            : throw new InvalidOperationException($"{Node.Type} needs a {typeof(T).Name}, which this host does not provide");

    /// <summary>Records a named output of this activity (readable as <c>getOutput(activity, name)</c>) that has no output property.</summary>
    public void RecordOutput(string name, object? value) => Workflow.RecordOutput(this, name, value);

    /// <summary>Sets the activity's result and, when the node captures it, the variable its <c>memoryReference</c> names.</summary>
    public void SetResult(object? value)
    {
        Result = value;
        Workflow.RecordOutput(this, "result", value);
        CaptureOutput("result", value);
    }

    /// <summary>Sets a named output and captures it into its variable if the node says so.</summary>
    public void SetOutput(OutputBase output, object? value)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Name == "result")
        {
            SetResult(value);
            return;
        }

        Workflow.RecordOutput(this, output.Name, value);
        CaptureOutput(output.Name, value);
    }

    private void CaptureOutput(string name, object? value)
    {
        if (Node.Properties[name] is System.Text.Json.Nodes.JsonObject wrapper
            && wrapper["memoryReference"] is System.Text.Json.Nodes.JsonObject reference
            && reference["id"] is System.Text.Json.Nodes.JsonValue id && id.TryGetValue<string>(out var variableId))
        {
            (Parent ?? this).SetVariableById(variableId, value, declareIfMissing: false);
        }
    }

    internal void DeclareVariables(IEnumerable<VariableDeclaration> declarations)
    {
        VariableDeclarations ??= [];
        VariableValues ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var declaration in declarations)
        {
            VariableDeclarations.Add(declaration);
            VariableValues[declaration.Name] = declaration.InitialValue();
        }
    }

    /// <summary>Finds a variable by name in this scope or an enclosing one.</summary>
    public bool TryGetVariable(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.VariableValues is { } values && values.TryGetValue(name, out value))
                return true;
        }

        value = null;
        return false;
    }

    /// <summary>Sets a variable by name in the nearest scope that has it, or declares it in the workflow scope.</summary>
    public void SetVariable(string name, object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.VariableValues is { } values && values.ContainsKey(name))
            {
                values[name] = CheckVariable(name, scope.ConvertForVariable(name, value));
                return;
            }
        }

        var root = NearestWorkflowScope();
        var plain = CheckVariable(name, ValueConverter.ToPlain(value));
        root.VariableValues ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        root.VariableValues[name] = plain;
    }

    /// <summary>Sets a variable by its id (Elsa resolves SetVariable and output captures by id), falling back to the name.</summary>
    public void SetVariableById(string variableId, object? value, bool declareIfMissing = true, string? fallbackName = null)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.VariableDeclarations is null)
                continue;
            foreach (var declaration in scope.VariableDeclarations)
            {
                if (declaration.Id == variableId)
                {
                    scope.VariableValues![declaration.Name] = CheckVariable(declaration.Name, Coerce(declaration, value));
                    return;
                }
            }
        }

        if (fallbackName is not null && (TryGetVariable(fallbackName, out _) || declareIfMissing))
            SetVariable(fallbackName, value);
    }

    // Every variable write of a running activity passes here; restoring a snapshot does not (it was checked when set).
    private object? CheckVariable(string name, object? value)
    {
        ValueSizeLimit.Check(Workflow.Runner.Options, "Variable", name, value);
        return value;
    }

    private object? ConvertForVariable(string name, object? value)
    {
        var declaration = VariableDeclarations?.FirstOrDefault(d => d.Name == name);
        return declaration is null ? ValueConverter.ToPlain(value) : Coerce(declaration, value);
    }

    private static object? Coerce(VariableDeclaration declaration, object? value)
    {
        try
        {
            return ValueConverter.Convert(value, declaration.ClrType);
        }
        catch (InvalidCastException)
        {
            // Elsa stores what it cannot convert as is; so do we, rather than faulting the activity.
            return ValueConverter.ToPlain(value);
        }
    }

    internal ActivityExecutionContext NearestWorkflowScope()
    {
        var scope = this;
        while (scope.Scope is null && scope.Parent is not null)
            scope = scope.Parent;
        return scope;
    }

    public IEnumerable<string> VisibleVariableNames()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.VariableValues is null)
                continue;
            foreach (var name in scope.VariableValues.Keys)
            {
                if (seen.Add(name))
                    yield return name;
            }
        }
    }

    public override string ToString() => $"{Node.Type} {Node.Id} ({Id}, {Status})";

    internal Snapshots.ActivityContextSnapshot ToSnapshot() => new()
    {
        Id = Id,
        NodeId = Plan.NodeId,
        ParentId = Parent?.Id,
        Status = Status,
        StartedAt = StartedAt,
        ScheduledByBackwardConnection = ScheduledByBackwardConnection,
        Properties = _properties is { Count: > 0 } ? new Dictionary<string, object?>(_properties, StringComparer.Ordinal) : null,
        Variables = VariableValues is { Count: > 0 } ? new Dictionary<string, object?>(VariableValues, StringComparer.Ordinal) : null,
        Scope = Scope is null ? null : new Snapshots.WorkflowScopeSnapshot
        {
            Inputs = new Dictionary<string, object?>(Scope.Inputs, StringComparer.OrdinalIgnoreCase),
            Outputs = new Dictionary<string, object?>(Scope.Outputs, StringComparer.Ordinal),
            Outcomes = Scope.Outcomes?.ToList(),
        },
    };

    internal async ValueTask RestoreAsync(Snapshots.ActivityContextSnapshot saved)
    {
        Status = saved.Status;
        StartedAt = saved.StartedAt;
        ScheduledByBackwardConnection = saved.ScheduledByBackwardConnection;
        if (saved.Properties is not null)
        {
            foreach (var (key, value) in saved.Properties)
                Properties[key] = value;
        }

        if (saved.Scope is { } scope)
        {
            var definition = Parent is null ? Workflow.Plan.Definition : null;
            Scope = new WorkflowScope
            {
                Inputs = new Dictionary<string, object?>(scope.Inputs, StringComparer.OrdinalIgnoreCase),
                Outputs = new Dictionary<string, object?>(scope.Outputs, StringComparer.Ordinal),
                Outcomes = scope.Outcomes,
                Definition = definition,
            };
            if (Activity is Activities.Composition.WorkflowDefinitionActivity)
                await Activities.Composition.WorkflowDefinitionActivity.RestoreScopeAsync(this);
        }

        if (saved.Variables is not null)
        {
            foreach (var (name, value) in saved.Variables)
            {
                VariableValues ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                VariableValues[name] = ConvertForVariable(name, value);
            }
        }
    }
}

/// <summary>Inputs, outputs and completion outcomes of a workflow scope (the workflow, or a workflow used as an activity).</summary>
internal sealed class WorkflowScope
{
    public Dictionary<string, object?> Inputs { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, object?> Outputs { get; init; } = new(StringComparer.Ordinal);
    public IReadOnlyList<string>? Outcomes { get; set; }
    public WorkflowDefinition? Definition { get; init; }
}
