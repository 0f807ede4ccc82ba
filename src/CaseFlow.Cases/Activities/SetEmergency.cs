using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Moves the emergency of the instance's case on: its stage, the response level decided at assessment, the red
/// flag, the holders of command roles (role → person id or user name), and the declaration that it is over. Empty
/// inputs leave values as they are. Applied after the burst commits, in the workflow's order, with a timeline entry.
/// </summary>
[Activity("CaseFlow.SetEmergency", Category = "Emergency", DisplayName = "Set Emergency", Description = "Sets the emergency's stage, response level, red flag, command roles or termination.")]
public sealed class SetEmergency : Activity
{
    [Input(UIHint = UIHints.Dropdown, Options = ["", "Warning", "Activation", "Handling", "Recovery", "Summary", "Closed"], Order = 0)]
    public Input<string> Stage { get; } = new();

    [Input(Description = "The response level decided at assessment: I (most severe) to IV.", UIHint = UIHints.Dropdown, Options = ["", "I", "II", "III", "IV"], Order = 1)]
    public Input<string> Level { get; } = new();

    [Input(Description = "Red-level response (management intervenes): true or false; empty leaves it.", Order = 2)]
    public Input<string> Red { get; } = new();

    [Input(Description = "Command roles to assign, e.g. { \"commander\": \"zhou-min\", \"commsLead\": \"manager\" } (person ids or user names).", UIHint = UIHints.JsonEditor, Order = 3)]
    public Input<object> Command { get; } = new();

    [Input(Description = "True when the command declares the emergency over (its three conditions confirmed).", Order = 4)]
    public Input<bool> Terminate { get; } = new();

    [Input(Description = "A line for the emergency's timeline (Liquid).", DefaultSyntax = "Liquid", Order = 5)]
    public Input<string> Note { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = ValueConverter.ToPlain(context.Get(Command)) as IDictionary<string, object?>;
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.EmergencyUpdated, new Dictionary<string, object?>
        {
            ["caseId"] = context.Workflow.State.CorrelationId,
            ["activityId"] = context.Node.Id,
            ["stage"] = Empty(context.Get(Stage)),
            ["level"] = Empty(context.Get(Level)),
            ["red"] = Empty(context.Get(Red)),
            ["command"] = command is null ? null : command.ToDictionary(p => p.Key, p => p.Value?.ToString()),
            ["terminate"] = context.Get(Terminate),
            ["note"] = Empty(context.Get(Note)),
        }));
        context.Complete();
        return default;
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
