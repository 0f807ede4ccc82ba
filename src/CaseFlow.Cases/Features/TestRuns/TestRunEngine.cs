using CaseFlow.Cases.Features.Sla;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// What test runs run on: the application's own activity registry, expression evaluators (with their JavaScript and
/// Liquid limits), runner options (value limits, configuration) and definition store, so a run behaves as the
/// workflow will for real; only the services activities may reach are narrowed (<see cref="SandboxServices"/>).
/// </summary>
public sealed class TestRunEngine(
    ActivityRegistry registry,
    IEnumerable<IExpressionEvaluator> evaluators,
    IWorkflowDefinitionProvider definitions,
    WorkflowRunnerOptions runnerOptions,
    TimeProvider clock,
    IServiceProvider services)
{
    public ActivityRegistry Registry { get; } = registry;
    public IReadOnlyList<IExpressionEvaluator> Evaluators { get; } = evaluators.ToList();
    public IWorkflowDefinitionProvider Definitions { get; } = definitions;
    public WorkflowRunnerOptions RunnerOptions { get; } = runnerOptions;
    public TimeProvider Clock { get; } = clock;
    public IServiceProvider Services { get; } = new SandboxServices(services);
}

/// <summary>
/// The application services an activity may use in a test run: calculations without side effects (the business
/// calendar, the SLA policy, the clock) and read-only lookups (the emergencies a case is linked to). Anything else
/// (a database, a message sender) is not there, so an activity that asks for it faults in the run ("… needs a X, which this host does not provide") instead of acting for real.
/// An activity that needs another service gets it here only once it is known to change nothing.
/// </summary>
internal sealed class SandboxServices(IServiceProvider services) : IServiceProvider
{
    private static readonly HashSet<Type> SideEffectFree = [typeof(BusinessCalendar), typeof(SlaPolicy), typeof(TimeProvider), typeof(Emergencies.LinkedEmergencies)];

    public object? GetService(Type serviceType) => SideEffectFree.Contains(serviceType) ? services.GetService(serviceType) : null;
}
