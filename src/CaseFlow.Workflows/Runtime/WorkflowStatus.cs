namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// The coarse status of a workflow instance, derived from <see cref="WorkflowSubStatus"/> (Elsa 3 semantics).
/// </summary>
/// <remarks>
/// <c>Running</c> covers Pending, Executing and Suspended; <c>Finished</c> covers Finished, Cancelled and Faulted.
/// Once an instance is Finished no further transition is allowed.
/// </remarks>
public enum WorkflowStatus
{
    Running,
    Finished,
}

/// <summary>The detailed state of a workflow instance.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Pending</c>: created, not yet run.</item>
/// <item><c>Executing</c>: a burst is running it now.</item>
/// <item><c>Suspended</c>: waiting on bookmarks (timers, events, tasks, child workflows).</item>
/// <item><c>Finished</c>: the root activity completed.</item>
/// <item><c>Cancelled</c>: cancelled by a person or the system.</item>
/// <item><c>Faulted</c>: an activity failed and the incident strategy ended the instance.</item>
/// </list>
/// </remarks>
public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
}

/// <summary>The state of one activity execution.</summary>
public enum ActivityStatus
{
    Pending,
    Running,
    Completed,
    Canceled,
    Faulted,
}

public static class WorkflowStatusExtensions
{
    public static WorkflowStatus ToStatus(this WorkflowSubStatus subStatus) =>
        subStatus is WorkflowSubStatus.Finished or WorkflowSubStatus.Cancelled or WorkflowSubStatus.Faulted ? WorkflowStatus.Finished : WorkflowStatus.Running;
}
