using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Tests.Support;

/// <summary>
/// An ActivityTestFixture-style host for engine tests: one in-memory <see cref="WorkflowRuntime"/> with a
/// <see cref="TestClock"/>, the default evaluators, and one console that collects the lines of every instance.
/// </summary>
public sealed class WorkflowHarness
{
    public WorkflowHarness(WorkflowRunnerOptions? options = null)
    {
        Runtime = WorkflowEngine.CreateRuntime(new InMemoryWorkflowDefinitionProvider(), Clock, options);
    }

    /// <summary>A harness whose registry also knows test activities (e.g. <see cref="StatusProbe"/>).</summary>
    public WorkflowHarness(Action<ActivityRegistry> registerActivities, WorkflowRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registerActivities);
        var registry = ActivityRegistry.CreateDefault();
        registerActivities(registry);
        Runtime = new WorkflowRuntime(registry, WorkflowEngine.CreateEvaluators(), new InMemoryWorkflowDefinitionProvider(), Clock, options);
    }

    public TestClock Clock { get; } = new();

    public CollectingWorkflowConsole Console { get; } = new();

    public WorkflowRuntime Runtime { get; }

    /// <summary>The lines written by <c>Elsa.WriteLine</c> so far, across instances, in order.</summary>
    public IReadOnlyList<string> Lines => Console.Lines;

    /// <summary>Makes definitions findable by ExecuteWorkflow and workflow-as-activity.</summary>
    public WorkflowHarness Register(params WorkflowDefinition[] definitions)
    {
        foreach (var definition in definitions)
            Runtime.Definitions.Add(definition);
        return this;
    }

    public async Task<WorkflowExecutionContext> StartAsync(
        WorkflowDefinition definition,
        IDictionary<string, object?>? input = null,
        string? triggerActivityId = null,
        string? correlationId = null) =>
        await Runtime.StartAsync(definition, new StartWorkflowOptions
        {
            Input = input,
            TriggerActivityId = triggerActivityId,
            CorrelationId = correlationId,
            Console = Console,
        });

    /// <summary>Starts a definition in a fresh harness and returns the instance with its lines.</summary>
    public static async Task<(WorkflowExecutionContext Workflow, IReadOnlyList<string> Lines)> RunAsync(WorkflowDefinition definition, IDictionary<string, object?>? input = null)
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(definition, input);
        return (workflow, harness.Lines);
    }
}
