using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Activities.Composition;

[Activity("Elsa.Sequence", Category = "Workflows", Description = "Runs its activities one after another.")]
public sealed class Sequence : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Plan.Children.Count == 0)
            context.Complete();
        else
            context.ScheduleChild(context.Plan.Children[0]);
        return default;
    }

    public override void OnChildCompleted(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(child);
        var children = context.Plan.Children;
        for (var i = 0; i < children.Count; i++)
        {
            if (!ReferenceEquals(children[i], child.Plan))
                continue;
            if (i + 1 < children.Count)
                context.ScheduleChild(children[i + 1]);
            else
                context.Complete();
            return;
        }
    }

    public override void OnChildEnded(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Workflow.HasPendingWork(context))
            context.Complete();
    }
}

/// <summary>The workflow itself: the root of every instance's activity tree and the scope of its variables, inputs and outputs.</summary>
[Activity("Elsa.Workflow", Category = "Workflows", Description = "A workflow.", IsBrowsable = false)]
public sealed class Workflow : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ScheduleChild(context.Plan.Children[0]);
        return default;
    }

    public override void OnChildCompleted(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Complete(context.Scope?.Outcomes ?? Outcomes.DoneOnly);
    }

    public override void OnChildEnded(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (child.Status == ActivityStatus.Canceled && !context.Workflow.HasPendingWork(context))
            context.Complete();
    }
}
