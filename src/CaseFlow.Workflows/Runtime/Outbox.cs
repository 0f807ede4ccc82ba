namespace CaseFlow.Workflows.Runtime;

/// <summary>An event published by <c>Elsa.PublishEvent</c>, delivered by the host after the burst commits.</summary>
public sealed record PublishedEvent(string EventName, string? CorrelationId, object? Payload, string SourceInstanceId);

/// <summary>
/// Work for the application, written to the outbox in the burst's transaction and handed to the
/// <see cref="Durability.IOutboxMessageHandler"/> registered for <see cref="Kind"/> after the commit (CaseFlow's
/// activities use it for human tasks, notifications, surveys and SLA clocks). <see cref="Payload"/> holds plain values.
/// </summary>
public sealed record OutboxItem(string Kind, IReadOnlyDictionary<string, object?> Payload);

/// <summary>A task handed out by <c>Elsa.RunTask</c>; completing it resumes the bookmark with stimulus <c>{taskId}</c>.</summary>
public sealed record RunTaskRequest(string TaskId, string TaskName, object? Payload, string WorkflowInstanceId, string ActivityInstanceId);

/// <summary>Port: starts a child workflow instance for <c>Elsa.ExecuteWorkflow</c>.</summary>
public interface IChildWorkflowInvoker
{
    /// <summary>Starts the child and runs its first burst in process; the result tells whether it already finished.</summary>
    ValueTask<ChildWorkflowResult> StartAsync(ChildWorkflowRequest request, CancellationToken cancellationToken);
}

public sealed record ChildWorkflowRequest(
    string DefinitionId,
    IDictionary<string, object?> Input,
    string? CorrelationId,
    string ParentInstanceId,
    bool WaitForCompletion,
    IWorkflowConsole Console);

/// <summary>Elsa's <c>ExecuteWorkflowResult</c>: the child's id, status and output.</summary>
public sealed record ChildWorkflowResult(string WorkflowInstanceId, WorkflowStatus Status, WorkflowSubStatus SubStatus, IDictionary<string, object?> Output)
{
    public Dictionary<string, object?> ToPlain() => new()
    {
        ["workflowInstanceId"] = WorkflowInstanceId,
        ["status"] = Status.ToString(),
        ["subStatus"] = SubStatus.ToString(),
        ["output"] = new Dictionary<string, object?>(Output),
    };
}
