using CaseFlow.Workflows;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Benchmarks;

/// <summary>A runner plus the start options every benchmark uses: console output is discarded.</summary>
public sealed class WorkflowHarness
{
    private static readonly StartWorkflowOptions Options = new() { Console = NullWorkflowConsole.Instance };

    public WorkflowHarness(bool journal)
    {
        Journal = journal;
        Runner = WorkflowEngine.CreateRunner(options: new WorkflowRunnerOptions { Journal = journal });
    }

    public bool Journal { get; }
    public WorkflowRunner Runner { get; }

    /// <summary>
    /// Starts one instance and returns it. The engine completes synchronously for these workflows (no timers, no
    /// asynchronous evaluators), so the ValueTask is consumed without an await state machine in the measured path.
    /// </summary>
    public WorkflowExecutionContext Run(BenchmarkWorkflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var task = Runner.StartAsync(workflow.Definition, Options);
        var instance = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
        if (instance.State.SubStatus != WorkflowSubStatus.Finished)
            throw Unfinished(workflow, instance);
        return instance;
    }

    /// <summary>
    /// Runs the workflow once outside the measurement (this also compiles and caches its plan) and checks that it
    /// finished, and that the journal is on or off as asked. Throws a message that says what went wrong.
    /// </summary>
    public void Verify(BenchmarkWorkflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.Definition.Root.Descendants().Any(UsesJavaScript) && Runner.Compiler.FindEvaluator(ExpressionTypes.JavaScript) is null)
        {
            throw new InvalidOperationException(
                $"{workflow.Label}: the workflow uses JavaScript expressions, but no JavaScript evaluator is registered in " +
                "WorkflowEngine.CreateEvaluators() (src/CaseFlow.Workflows/DependencyInjection.cs). Register JavaScriptEvaluator there and rebuild.");
        }

        var instance = Run(workflow);
        var expectedJournal = Journal ? workflow.ActivityCount * 2 : 0;
        if (Journal ? instance.Journal.Count < expectedJournal : instance.Journal.Count != 0)
        {
            throw new InvalidOperationException(
                $"{workflow.Label}: journal {(Journal ? "on" : "off")} but {instance.Journal.Count} records were written (expected {(Journal ? "at least " : "")}{expectedJournal}).");
        }
    }

    private static bool UsesJavaScript(Workflows.Definitions.ActivityNode node) =>
        node.Properties.ToJsonString().Contains("\"JavaScript\"", StringComparison.Ordinal);

    private static InvalidOperationException Unfinished(BenchmarkWorkflow workflow, WorkflowExecutionContext instance)
    {
        var incidents = string.Join("; ", instance.State.Incidents.Select(i => $"{i.ActivityId} ({i.ActivityType}): {i.Message}"));
        return new InvalidOperationException(
            $"{workflow.Label}: the workflow ended {instance.State.SubStatus}, not Finished. " +
            (incidents.Length > 0 ? "Incidents: " + incidents : "No incident was recorded."));
    }
}
