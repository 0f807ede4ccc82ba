using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Activities.Events;

[Activity("Elsa.Event", Category = "Events", Description = "Waits for an event by name (narrowed by the instance's correlation id). As a trigger, starts the workflow.", Kind = ActivityKind.Trigger)]
public sealed class Event : Activity
{
    public const string BookmarkName = "Elsa.Event";

    [Input(DisplayName = "Event name", Description = "The name of the event to wait for.", IsRequired = true)]
    public Input<string> EventName { get; } = new();

    [Output(Description = "The event's payload.")]
    public Output<object> Result { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workflow.State.TriggerActivityId == context.Node.Id)
        {
            context.SetResult(context.Workflow.State.Input.GetValueOrDefault("Payload"));
            context.Complete();
            return default;
        }

        var name = context.Get(EventName);
        if (string.IsNullOrEmpty(name))
            throw new ActivityFaultException("Event needs an event name");
        context.CreateBookmark(new BookmarkOptions
        {
            Name = BookmarkName,
            Payload = new Dictionary<string, object?> { ["eventName"] = name },
            IncludeActivityInstanceId = false,
        });
        return default;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetResult(context.ResumeInput);
        context.Complete();
        return default;
    }
}

[Activity("Elsa.PublishEvent", Category = "Events", DisplayName = "Publish Event", Description = "Publishes an event that resumes (or starts) the workflows waiting for it.")]
public sealed class PublishEvent : CodeActivity
{
    [Input(DisplayName = "Event name", IsRequired = true)]
    public Input<string> EventName { get; } = new();

    [Input(Description = "Only workflows with this correlation id receive the event.")]
    public Input<string> CorrelationId { get; } = new();

    [Input(DisplayName = "Local event", Description = "Deliver only to this workflow instance.", DefaultValue = false)]
    public Input<bool> IsLocalEvent { get; } = new();

    [Input(Description = "The event's payload.", UIHint = UIHints.JsonEditor)]
    public Input<object> Payload { get; } = new();

    protected override void Execute(ActivityExecutionContext context)
    {
        var name = context.Get(EventName);
        if (string.IsNullOrEmpty(name))
            throw new ActivityFaultException("PublishEvent needs an event name");
        var payload = context.Get(Payload);
        var workflow = context.Workflow;
        if (context.Get(IsLocalEvent))
        {
            foreach (var bookmark in workflow.State.Bookmarks.Where(b => b.Name == Event.BookmarkName && Equals(b.Payload.GetValueOrDefault("eventName"), name)).ToList())
                workflow.EnqueueResume(bookmark, payload);
            return;
        }

        workflow.Outbox.Add(new PublishedEvent(name, context.Get(CorrelationId), payload, workflow.Id));
    }
}

[Activity("Elsa.RunTask", Category = "Tasks", DisplayName = "Run Task", Description = "Hands a task to the application (a person or a system) and waits until it is completed with a result.", Kind = ActivityKind.Task)]
public sealed class RunTask : Activity
{
    public const string BookmarkName = "Elsa.RunTask";

    [Input(DisplayName = "Task name", Description = "What kind of task this is.", IsRequired = true)]
    public Input<string> TaskName { get; } = new();

    [Input(Description = "Data for whoever carries out the task.", UIHint = UIHints.JsonEditor)]
    public Input<object> Payload { get; } = new();

    [Output(Description = "The result the task was completed with.")]
    public Output<object> Result { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var taskId = WorkflowExecutionContext.NewId();
        var taskName = context.Get(TaskName) ?? "";
        context.CreateBookmark(new BookmarkOptions
        {
            Name = BookmarkName,
            Payload = new Dictionary<string, object?> { ["taskId"] = taskId, ["taskName"] = taskName },
            ExcludeFromHash = ["taskName"],
            IncludeActivityInstanceId = false,
        });
        context.Workflow.RecordOutput(context, "taskId", taskId);
        context.Workflow.Outbox.Add(new RunTaskRequest(taskId, taskName, context.Get(Payload), context.Workflow.Id, context.Id));
        return default;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetResult(context.ResumeInput);
        context.Complete();
        return default;
    }
}
