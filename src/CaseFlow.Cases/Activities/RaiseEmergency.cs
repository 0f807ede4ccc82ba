using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Raises an emergency from a case (C17: a complaint marked major; [000 §1.3(2), §4.1.1(3)]): an emergency at the
/// warning stage with the event type's suggested level (customer complaints: level III), linked to this case. Raised
/// after the burst commits, once per case however often the activity runs or its message is delivered.
/// </summary>
[Activity("CaseFlow.RaiseEmergency", Category = "Emergency", DisplayName = "Raise Emergency", Description = "Raises an emergency (warning stage) for this case and links the case to it; once per case.")]
public sealed class RaiseEmergency : Activity
{
    [Input(DisplayName = "Event type", Description = "A configured event type; its level is suggested (customer-complaint: III).", DefaultValue = "customer-complaint", Order = 0)]
    public Input<string> EventType { get; } = new();

    [Input(Description = "What is happening (Liquid).", UIHint = UIHints.MultiLine, DefaultSyntax = "Liquid", Order = 1)]
    public Input<string> Description { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caseId = context.Workflow.State.CorrelationId ?? throw new ActivityFaultException("RaiseEmergency runs in a case's workflow (its correlation id is the case)");
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.RaiseEmergency, new Dictionary<string, object?>
        {
            ["caseId"] = caseId,
            ["eventType"] = context.Get(EventType) is { Length: > 0 } type ? type.Trim() : "customer-complaint",
            ["description"] = context.Get(Description),
        }));
        context.Complete();
        return default;
    }
}
