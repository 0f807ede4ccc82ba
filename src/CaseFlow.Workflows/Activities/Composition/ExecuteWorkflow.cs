using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Activities.Composition;

[Activity("Elsa.ExecuteWorkflow", Category = "Composition", DisplayName = "Execute Workflow", Description = "Starts another workflow as a child instance and, optionally, waits for it to finish.", Kind = ActivityKind.Task)]
public sealed class ExecuteWorkflow : Activity
{
    public const string BookmarkName = "Elsa.ExecuteWorkflow";

    [Input(DisplayName = "Workflow definition", Description = "The definition id of the workflow to run (its published version).", UIHint = UIHints.WorkflowDefinitionPicker, IsRequired = true)]
    public Input<string> WorkflowDefinitionId { get; } = new();

    [Input(Description = "The correlation id of the child; defaults to this workflow's.")]
    public Input<string> CorrelationId { get; } = new();

    [Input(Description = "Inputs for the child workflow.", UIHint = UIHints.Dictionary, DefaultSyntax = "JavaScript")]
    public Input<Dictionary<string, object?>> Input { get; } = new();

    [Input(Description = "Wait for the child to finish before continuing.", DefaultValue = false)]
    public Input<bool> WaitForCompletion { get; } = new();

    [Output(Description = "{workflowInstanceId, status, subStatus, output} of the child.")]
    public Output<object> Result { get; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definitionId = context.Get(WorkflowDefinitionId);
        if (string.IsNullOrWhiteSpace(definitionId))
            throw new ActivityFaultException("ExecuteWorkflow needs a workflow definition id");
        var wait = context.Get(WaitForCompletion);
        var request = new ChildWorkflowRequest(
            definitionId,
            context.Get(Input) ?? [],
            context.Get(CorrelationId) ?? context.Workflow.State.CorrelationId,
            context.Workflow.Id,
            wait,
            context.Workflow.Console);
        var result = await context.Workflow.Runner.ChildWorkflows.StartAsync(request, context.Workflow.CancellationToken);

        if (!wait || result.Status == WorkflowStatus.Finished)
        {
            context.SetResult(result.ToPlain());
            context.Complete();
            return;
        }

        context.CreateBookmark(new BookmarkOptions
        {
            Name = BookmarkName,
            Payload = new Dictionary<string, object?> { ["childInstanceId"] = result.WorkflowInstanceId },
            IncludeActivityInstanceId = false,
        });
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetResult(context.ResumeInput is ChildWorkflowResult result ? result.ToPlain() : context.ResumeInput);
        context.Complete();
        return default;
    }
}
