using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Activities;

/// <summary>
/// The behaviour of one activity type. Instances are stateless singletons shared by every workflow: all state
/// lives in the <see cref="ActivityExecutionContext"/>. Describe the type with <see cref="ActivityAttribute"/>,
/// inputs as <see cref="Input{T}"/> properties with <see cref="InputAttribute"/>, and outcomes with
/// <see cref="OutcomesAttribute"/>.
/// </summary>
public abstract class Activity
{
    /// <summary>Set by the <see cref="ActivityRegistry"/>.</summary>
    public ActivityDescriptor Descriptor { get; internal set; } = null!;

    /// <summary>Runs the activity. Complete it with <see cref="ActivityExecutionContext.Complete(string[])"/>, or leave it running with bookmarks or children.</summary>
    public abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when one of the activity's bookmarks is resumed. By default the activity completes with <c>Done</c>.</summary>
    public virtual ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Complete();
        return default;
    }

    /// <summary>Containers: called (synchronously, from the child's completion) when a child scheduled by this activity completed.</summary>
    public virtual void OnChildCompleted(ActivityExecutionContext context, ActivityExecutionContext child) { }

    /// <summary>Containers: called when a child ended without completing (cancelled, or faulted under the continue strategy).</summary>
    public virtual void OnChildEnded(ActivityExecutionContext context, ActivityExecutionContext child) { }

    /// <summary>The outcomes (ports) a node of this type can produce: the static ones plus any dynamic ones.</summary>
    public virtual IReadOnlyList<string> GetOutcomes(ActivityNode node) => Descriptor.Outcomes;

    /// <summary>Type-specific validation beyond required inputs and expression syntax.</summary>
    public virtual void Validate(ActivityNode node, Validation.ValidationContext context) { }

    /// <summary>Prepares type-specific data once per definition (parsed cases, variable references...).</summary>
    internal virtual object? Compile(ActivityNode node, Runtime.WorkflowCompiler compiler) => null;
}

/// <summary>An activity that does its work synchronously and then completes with <c>Done</c> (unless it completed itself).</summary>
public abstract class CodeActivity : Activity
{
    public sealed override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Execute(context);
        if (context.Status == ActivityStatus.Running && !context.HasBookmarks)
            context.Complete();
        return default;
    }

    protected abstract void Execute(ActivityExecutionContext context);
}
