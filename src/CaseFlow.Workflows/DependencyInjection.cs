using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Expressions.JavaScript;
using CaseFlow.Workflows.Expressions.Liquid;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Validation;
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
        services.TryAddSingleton(_ => new JavaScriptOptions());
        services.TryAddSingleton(_ => new LiquidOptions());
        services.AddSingleton<IExpressionEvaluator, VariableEvaluator>();
        services.AddSingleton<IExpressionEvaluator, InputEvaluator>();
        services.TryAddSingleton(sp => new JavaScriptEvaluator(sp.GetRequiredService<JavaScriptOptions>()));
        services.TryAddSingleton(sp => new LiquidEvaluator(sp.GetRequiredService<LiquidOptions>()));
        services.AddSingleton<IExpressionEvaluator>(sp => sp.GetRequiredService<JavaScriptEvaluator>());
        services.AddSingleton<IExpressionEvaluator>(sp => sp.GetRequiredService<LiquidEvaluator>());
        services.TryAddSingleton(sp => new WorkflowValidator(
            sp.GetRequiredService<ActivityRegistry>(),
            sp.GetServices<IExpressionEvaluator>().OfType<IExpressionSyntaxChecker>()));
        services.TryAddSingleton<IWorkflowDefinitionProvider, InMemoryWorkflowDefinitionProvider>();
        services.TryAddSingleton(sp => new WorkflowRunnerOptions { Services = sp });
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
    public static IReadOnlyList<IExpressionEvaluator> CreateEvaluators(JavaScriptOptions? javaScript = null) =>
    [
        new VariableEvaluator(),
        new InputEvaluator(),
        new JavaScriptEvaluator(javaScript ?? new JavaScriptOptions()),
        new LiquidEvaluator(),
    ];

    /// <summary>A validator with the JavaScript and Liquid syntax checkers; <paramref name="isKnownWorkflowActivity"/> recognises workflow-as-activity types.</summary>
    public static WorkflowValidator CreateValidator(Func<string, bool>? isKnownWorkflowActivity = null, ActivityRegistry? registry = null) =>
        new(registry ?? ActivityRegistry.CreateDefault(), CreateEvaluators().OfType<IExpressionSyntaxChecker>(), isKnownWorkflowActivity);

    public static WorkflowRuntime CreateRuntime(InMemoryWorkflowDefinitionProvider? definitions = null, TimeProvider? clock = null, WorkflowRunnerOptions? options = null, ActivityRegistry? registry = null) =>
        new(registry ?? ActivityRegistry.CreateDefault(), CreateEvaluators(), definitions, clock, options);

    public static WorkflowRunner CreateRunner(IWorkflowDefinitionProvider? definitions = null, TimeProvider? clock = null, WorkflowRunnerOptions? options = null) =>
        new(ActivityRegistry.CreateDefault(), CreateEvaluators(), definitions, clock, options);
}
