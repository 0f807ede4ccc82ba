using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Files a new case linked to this one, for the same customer, which runs its own workflow with its own SLAs: e.g. a
/// negative survey answer reopens the complaint as a follow-up case. Continues at once; the new case's id is the
/// output <c>caseId</c>.
/// </summary>
[Activity("CaseFlow.OpenCase", Category = "Case", DisplayName = "Open Linked Case", Description = "Files a follow-up case linked to this one; it runs its own workflow.")]
public sealed class OpenCase : Activity
{
    // Not "type": that JSON property names the activity's own type.
    [Input(DisplayName = "Case type", UIHint = UIHints.Dropdown, Options = ["Complaint", "Inquiry"], DefaultValue = "Complaint", Order = 0)]
    public Input<string> CaseType { get; } = new();

    [Input(Description = "What the new case is about (Liquid).", UIHint = UIHints.MultiLine, DefaultSyntax = "Liquid", IsRequired = true, Order = 1)]
    public Input<string> Description { get; } = new();

    [Input(UIHint = UIHints.Dropdown, Options = ["", "Low", "Normal", "High", "Urgent"], Order = 2)]
    public Input<string> Priority { get; } = new();

    [Input(Description = "Why it is opened (shown on both timelines).", DefaultSyntax = "Liquid", Order = 3)]
    public Input<string> Reason { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caseId = Guid.CreateVersion7().ToString("N");
        context.RecordOutput("caseId", caseId);
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.OpenCase, new Dictionary<string, object?>
        {
            ["parentCaseId"] = context.Workflow.State.CorrelationId,
            ["caseId"] = caseId,
            ["type"] = context.Get(CaseType) is { Length: > 0 } type ? type : "Complaint",
            ["description"] = context.Get(Description) ?? "",
            ["priority"] = context.Get(Priority),
            ["reason"] = context.Get(Reason),
        }));
        context.Complete();
        return default;
    }
}
