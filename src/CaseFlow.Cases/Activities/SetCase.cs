using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Records the workflow's progress on its case (the instance's correlation id): status, category, priority and named
/// fields. Empty inputs leave the case's value as it is. Applied after the burst commits, with a timeline entry.
/// </summary>
[Activity("CaseFlow.SetCase", Category = "Case", DisplayName = "Set Case", Description = "Sets the case's status, category, priority or fields.")]
public sealed class SetCase : Activity
{
    [Input(UIHint = UIHints.Dropdown, Options = ["", "New", "InProgress", "Escalated", "Resolved", "FollowUp", "Closed", "Redirected", "Archived"], Order = 0)]
    public Input<string> Status { get; } = new();

    [Input(Description = "e.g. product-quality, service-attitude, service-process, price, other.", Order = 1)]
    public Input<string> Category { get; } = new();

    [Input(UIHint = UIHints.Dropdown, Options = ["", "Low", "Normal", "High", "Urgent"], Order = 2)]
    public Input<string> Priority { get; } = new();

    [Input(Description = "Named values to record on the case, e.g. { \"handlingResult\": \"...\" }.", UIHint = UIHints.JsonEditor, Order = 3)]
    public Input<object> Fields { get; } = new();

    [Input(Description = "A line for the case's timeline (Liquid).", DefaultSyntax = "Liquid", Order = 4)]
    public Input<string> Note { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fields = ValueConverter.ToPlain(context.Get(Fields)) as IDictionary<string, object?>;
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.CaseUpdated, new Dictionary<string, object?>
        {
            ["caseId"] = context.Workflow.State.CorrelationId,
            ["activityId"] = context.Node.Id,
            ["status"] = Empty(context.Get(Status)),
            ["category"] = Empty(context.Get(Category)),
            ["priority"] = Empty(context.Get(Priority)),
            ["fields"] = fields is null ? null : new Dictionary<string, object?>(fields),
            ["note"] = Empty(context.Get(Note)),
        }));
        context.Complete();
        return default;
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
