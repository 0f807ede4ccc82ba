using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Tests.Support;

/// <summary>Reads and asserts on instance state: status pairs, variables, bookmarks, journal.</summary>
public static class WorkflowAssertions
{
    public static void AssertStatus(this WorkflowExecutionContext workflow, WorkflowStatus status, WorkflowSubStatus subStatus) =>
        Assert.Equal((status, subStatus), (workflow.State.Status, workflow.State.SubStatus));

    public static void AssertFinished(this WorkflowExecutionContext workflow) => workflow.AssertStatus(WorkflowStatus.Finished, WorkflowSubStatus.Finished);

    public static void AssertSuspended(this WorkflowExecutionContext workflow) => workflow.AssertStatus(WorkflowStatus.Running, WorkflowSubStatus.Suspended);

    public static void AssertFaulted(this WorkflowExecutionContext workflow) => workflow.AssertStatus(WorkflowStatus.Finished, WorkflowSubStatus.Faulted);

    /// <summary>The value of a workflow-level variable (also after the instance finished).</summary>
    public static object? Variable(this WorkflowExecutionContext workflow, string name)
    {
        Assert.NotNull(workflow.Root);
        Assert.True(workflow.Root.TryGetVariable(name, out var value), $"variable {name} is not declared");
        return value;
    }

    /// <summary>Journal event names of one activity, in order.</summary>
    public static IReadOnlyList<string> JournalOf(this WorkflowExecutionContext workflow, string activityId) =>
        workflow.Journal.Where(j => j.ActivityId == activityId).Select(j => j.EventName).ToList();

    public static Bookmark SingleBookmark(this WorkflowExecutionContext workflow, string name) =>
        Assert.Single(workflow.State.Bookmarks, b => b.Name == name);
}
