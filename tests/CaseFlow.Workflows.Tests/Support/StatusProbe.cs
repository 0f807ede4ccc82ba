using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Tests.Support;

/// <summary>A test-only activity that writes the instance's status and sub-status while it runs.</summary>
[Activity(TypeName, Category = "Tests", IsBrowsable = false)]
public sealed class StatusProbe : CodeActivity
{
    public const string TypeName = "Tests.StatusProbe";

    protected override void Execute(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.Workflow.State;
        context.Workflow.Console.WriteLine(state.Id, $"{state.Status}/{state.SubStatus}");
    }
}
