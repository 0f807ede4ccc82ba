using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Durability;

/// <summary>A durable runtime over the in-memory store; <see cref="NewProcess"/> simulates a restart (same store, new engine).</summary>
internal sealed class DurableHarness
{
    public DurableHarness(params WorkflowDefinition[] definitions)
    {
        Definitions = new InMemoryWorkflowDefinitionProvider(definitions);
        Runtime = Create();
    }

    public TestClock Clock { get; } = new();
    public InMemoryWorkflowInstanceStore Store { get; } = new();
    public InMemoryWorkflowDefinitionProvider Definitions { get; }
    public ManualWorkScheduler Scheduler { get; private set; } = new();
    public DurableWorkflowRuntime Runtime { get; private set; }

    public IReadOnlyList<string> LinesOf(string instanceId) => Store.Lines.Where(l => l.InstanceId == instanceId).Select(l => l.Text).ToList();

    /// <summary>A new engine and an empty job scheduler over the same store: what a restart looks like.</summary>
    public DurableWorkflowRuntime NewProcess()
    {
        Scheduler = new ManualWorkScheduler();
        Runtime = Create();
        return Runtime;
    }

    public async Task<WorkflowState> StateOf(string instanceId) => (await Store.FindAsync(instanceId))!.Snapshot.State;

    /// <summary>Delivers every outbox message handed to the scheduler so far (what the job system would do).</summary>
    public async Task DispatchAllAsync()
    {
        foreach (var id in Scheduler.Dispatches)
            await Runtime.DispatchAsync(id);
    }

    private DurableWorkflowRuntime Create() =>
        new(ActivityRegistry.CreateDefault(), WorkflowEngine.CreateEvaluators(), Definitions, Store, Scheduler, Clock);
}
