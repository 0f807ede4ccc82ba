using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Workflows;

/// <summary>Registers the workflow engine.</summary>
public static class DependencyInjection
{
    /// <summary>Adds the activity registry (built-ins), expression evaluators, the compiler-backed runner and a clock.</summary>
    public static IServiceCollection AddCaseFlowWorkflows(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ActivityRegistry.CreateDefault());
        foreach (var evaluator in WorkflowEngine.CreateEvaluators())
            services.AddSingleton(evaluator);
        services.TryAddSingleton<IWorkflowDefinitionProvider, InMemoryWorkflowDefinitionProvider>();
        services.TryAddSingleton(_ => new WorkflowRunnerOptions());
        services.TryAddSingleton(sp => new WorkflowRunner(
            sp.GetRequiredService<ActivityRegistry>(),
            sp.GetServices<IExpressionEvaluator>(),
            sp.GetRequiredService<IWorkflowDefinitionProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<WorkflowRunnerOptions>()));
        return services;
    }
}

/// <summary>Convenience factory for hosts without dependency injection (the CLI, tests, benchmarks).</summary>
public static class WorkflowEngine
{
    /// <summary>Every built-in evaluator: Variable, Input, JavaScript (sandboxed) and Liquid.</summary>
    public static IReadOnlyList<IExpressionEvaluator> CreateEvaluators() =>
    [
        new VariableEvaluator(),
        new InputEvaluator(),
    ];

    public static WorkflowRuntime CreateRuntime(InMemoryWorkflowDefinitionProvider? definitions = null, TimeProvider? clock = null, WorkflowRunnerOptions? options = null) =>
        new(ActivityRegistry.CreateDefault(), CreateEvaluators(), definitions, clock, options);

    public static WorkflowRunner CreateRunner(IWorkflowDefinitionProvider? definitions = null, TimeProvider? clock = null, WorkflowRunnerOptions? options = null) =>
        new(ActivityRegistry.CreateDefault(), CreateEvaluators(), definitions, clock, options);
}
