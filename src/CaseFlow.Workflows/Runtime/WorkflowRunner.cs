using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>Options of the interpreter.</summary>
public sealed class WorkflowRunnerOptions
{
    /// <summary>Record journal entries (Started/Completed/...) for every activity. Turn off only for raw benchmarks.</summary>
    public bool Journal { get; set; } = true;

    /// <summary>Used when a definition names no incident strategy.</summary>
    public IncidentStrategy DefaultIncidentStrategy { get; set; } = IncidentStrategy.Fault;

    /// <summary>
    /// Largest estimated serialized size, in bytes, of one value an instance stores: a variable, an activity output,
    /// a workflow output. Setting a bigger one faults the activity with an incident naming the limit. Zero disables it.
    /// </summary>
    public long MaxVariableSize { get; set; } = 1_048_576;

    /// <summary>
    /// How deep one stored value may nest (objects in objects, lists in lists). Snapshots and the value converters walk
    /// values recursively; past this the activity faults instead. Zero or more than 1,000 means 1,000.
    /// </summary>
    public int MaxVariableDepth { get; set; } = 32;

    /// <summary>
    /// Why <paramref name="value"/> could not be stored (bigger than <see cref="MaxVariableSize"/> or deeper than
    /// <see cref="MaxVariableDepth"/>), as a sentence naming <paramref name="kind"/> and <paramref name="name"/>, or null
    /// when it can. Hosts check what callers hand in (start input, task data) with it, to refuse it before it runs.
    /// </summary>
    public string? StoredValueProblem(string kind, string name, object? value)
    {
        try
        {
            ValueSizeLimit.Check(this, kind, name, value);
            return null;
        }
        catch (ActivityFaultException e)
        {
            return e.Message;
        }
    }

    /// <summary>Values scripts may read with <c>getConfig(key)</c>.</summary>
    public Dictionary<string, object?> Configuration { get; } = new(StringComparer.Ordinal);

    /// <summary>The host's services, for application activities (<see cref="ActivityExecutionContext.GetRequiredService{T}"/>), as in Elsa.</summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>
    /// Caps what one host call may run (activity executions, wall-clock time); running out faults the instance with an
    /// incident naming the limit. Null (the default): no cap, as for the durable runtime.
    /// </summary>
    public ExecutionBudget? Budget { get; set; }

    /// <summary>A copy with the same limits, services, budget and configuration (the configuration dictionary is shared), for a host that changes some of them.</summary>
    public WorkflowRunnerOptions Clone() => (WorkflowRunnerOptions)MemberwiseClone();
}

/// <summary>What to start: input, correlation, the trigger that fired, the parent of a child workflow.</summary>
public sealed class StartWorkflowOptions
{
    public string? InstanceId { get; init; }
    public IDictionary<string, object?>? Input { get; init; }
    public string? CorrelationId { get; init; }
    public string? TriggerActivityId { get; init; }
    public string? ParentInstanceId { get; init; }
    public IWorkflowConsole? Console { get; init; }
}

/// <summary>
/// The interpreter: starts instances of a definition and resumes their bookmarks, one burst at a time.
/// It keeps no instances itself; hosts (<see cref="WorkflowRuntime"/>, the durable runtime) do.
/// </summary>
public sealed class WorkflowRunner
{
    public WorkflowRunner(
        ActivityRegistry registry,
        IEnumerable<IExpressionEvaluator> evaluators,
        IWorkflowDefinitionProvider? definitions = null,
        TimeProvider? clock = null,
        WorkflowRunnerOptions? options = null,
        IChildWorkflowInvoker? childWorkflows = null)
    {
        Compiler = new WorkflowCompiler(registry, evaluators);
        DefinitionProvider = definitions ?? new InMemoryWorkflowDefinitionProvider();
        Clock = clock ?? TimeProvider.System;
        Options = options ?? new WorkflowRunnerOptions();
        ChildWorkflows = childWorkflows ?? new InProcessChildWorkflowInvoker(this);
    }

    public WorkflowCompiler Compiler { get; }
    public ActivityRegistry Registry => Compiler.Registry;
    public IWorkflowDefinitionProvider DefinitionProvider { get; }
    public TimeProvider Clock { get; }
    public WorkflowRunnerOptions Options { get; }
    public IChildWorkflowInvoker ChildWorkflows { get; internal set; }

    /// <summary>
    /// Creates the Pending instance of a child that <c>Elsa.ExecuteWorkflow</c> asked for (its published, else latest,
    /// definition); hosts run it and track it their own way.
    /// </summary>
    public async ValueTask<WorkflowExecutionContext> CreateChildAsync(ChildWorkflowRequest request, IWorkflowConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = await DefinitionProvider.FindPublishedOrLatestAsync(request.DefinitionId, cancellationToken)
            ?? throw new ActivityFaultException($"No workflow definition '{request.DefinitionId}'");
        return CreateInstance(definition, new StartWorkflowOptions
        {
            Input = request.Input,
            CorrelationId = request.CorrelationId,
            ParentInstanceId = request.ParentInstanceId,
            Console = console,
        });
    }

    /// <summary>Creates an instance (sub-status Pending) without running it.</summary>
    public WorkflowExecutionContext CreateInstance(WorkflowDefinition definition, StartWorkflowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        options ??= new StartWorkflowOptions();
        var plan = Compiler.Compile(definition);
        var now = Clock.GetUtcNow();
        var state = new WorkflowState
        {
            Id = options.InstanceId ?? WorkflowExecutionContext.NewId(),
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            DefinitionVersion = definition.Version,
            CorrelationId = options.CorrelationId,
            ParentWorkflowInstanceId = options.ParentInstanceId,
            TriggerActivityId = options.TriggerActivityId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (options.Input is not null)
        {
            foreach (var (key, value) in options.Input)
            {
                var declared = definition.Inputs.FirstOrDefault(i => string.Equals(i.Name, key, StringComparison.OrdinalIgnoreCase));
                state.Input[declared?.Name ?? key] = declared is null ? ValueConverter.ToPlain(value) : ConvertInput(value, declared);
            }
        }

        return new WorkflowExecutionContext(this, plan, state, options.Console ?? NullWorkflowConsole.Instance);
    }

    private static object? ConvertInput(object? value, ArgumentDefinition declared)
    {
        try
        {
            return ValueConverter.Convert(value, TypeAliases.Resolve(declared.Type));
        }
        catch (InvalidCastException)
        {
            return ValueConverter.ToPlain(value);
        }
    }

    /// <summary>Creates an instance and runs its first burst until it finishes, faults or suspends.</summary>
    public async ValueTask<WorkflowExecutionContext> StartAsync(WorkflowDefinition definition, StartWorkflowOptions? options = null, CancellationToken cancellationToken = default)
    {
        var workflow = CreateInstance(definition, options);
        await RunAsync(workflow, cancellationToken);
        return workflow;
    }

    /// <summary>Runs the first burst of a Pending instance.</summary>
    public async ValueTask RunAsync(WorkflowExecutionContext workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.State.SubStatus != WorkflowSubStatus.Pending)
            throw new InvalidOperationException($"Instance {workflow.Id} has already started");
        workflow.CancellationToken = cancellationToken;
        await workflow.StartAsync();
    }

    /// <summary>Rebuilds an instance from a snapshot taken by <see cref="WorkflowExecutionContext.CreateSnapshot"/> (possibly in another process).</summary>
    public async ValueTask<WorkflowExecutionContext> RestoreAsync(WorkflowDefinition definition, Snapshots.WorkflowSnapshot snapshot, IWorkflowConsole? console = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.State.DefinitionVersionId != definition.Id)
            throw new InvalidOperationException($"Instance {snapshot.State.Id} runs definition version {snapshot.State.DefinitionVersionId}, not {definition.Id}");
        var workflow = new WorkflowExecutionContext(this, Compiler.Compile(definition), snapshot.State, console ?? NullWorkflowConsole.Instance)
        {
            CancellationToken = cancellationToken,
        };
        await workflow.RestoreAsync(snapshot);
        return workflow;
    }

    /// <summary>Re-runs the faulted activity behind an incident and continues the instance (a repair).</summary>
    public async ValueTask RetryAsync(WorkflowExecutionContext workflow, string incidentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        workflow.CancellationToken = cancellationToken;
        await workflow.RetryAsync(incidentId);
    }

    /// <summary>Resumes one bookmark of a suspended instance with the stimulus input and runs the burst.</summary>
    public async ValueTask ResumeAsync(WorkflowExecutionContext workflow, string bookmarkId, object? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.State.Status == WorkflowStatus.Finished)
            throw new InvalidOperationException($"Instance {workflow.Id} is finished ({workflow.State.SubStatus})");
        var bookmark = workflow.State.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId)
            ?? throw new KeyNotFoundException($"Instance {workflow.Id} has no bookmark {bookmarkId}");
        workflow.CancellationToken = cancellationToken;
        await workflow.ResumeAsync(bookmark, input);
    }
}

/// <summary>Runs a child workflow in process with the same runner. It cannot resume the parent later: hosts that keep instances replace it.</summary>
internal sealed class InProcessChildWorkflowInvoker(WorkflowRunner runner) : IChildWorkflowInvoker
{
    public async ValueTask<ChildWorkflowResult> StartAsync(ChildWorkflowRequest request, CancellationToken cancellationToken)
    {
        var child = await runner.CreateChildAsync(request, request.Console, cancellationToken);
        await runner.RunAsync(child, cancellationToken);
        return new ChildWorkflowResult(child.Id, child.State.Status, child.State.SubStatus, child.State.Output);
    }
}
