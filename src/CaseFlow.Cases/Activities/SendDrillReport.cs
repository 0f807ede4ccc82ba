using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Sends the drill's summary report to the leadership (D7): its preparation, steps and their times, the score
/// against the plan's limits, the evaluation and the summary, composed from the drill after the burst commits.
/// Sent once per drill.
/// </summary>
[Activity("CaseFlow.SendDrillReport", Category = "Emergency", DisplayName = "Send Drill Report", Description = "Sends the drill's summary report (steps, score against the plan's limits, evaluation, summary) to the leadership, once.")]
public sealed class SendDrillReport : CodeActivity
{
    [Input(Description = "The department that receives it (its head); the leadership by default.", DefaultValue = "management", Order = 0)]
    public Input<string> Recipient { get; } = new();

    protected override void Execute(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caseId = context.Workflow.State.CorrelationId;
        if (string.IsNullOrEmpty(caseId))
            throw new ActivityFaultException("SendDrillReport runs in a drill's workflow (its correlation id is the drill's case)");
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.DrillReport, new Dictionary<string, object?>
        {
            ["caseId"] = caseId,
            ["recipient"] = context.Get(Recipient) is { Length: > 0 } r ? r.Trim() : "management",
        }));
    }
}
