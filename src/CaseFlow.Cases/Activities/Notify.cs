using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Sends a message to the case's customer, a role, a user or a department and goes on at once: the message is
/// stored in the case's message log and delivered after the burst commits (from the outbox), so a slow or failing
/// mail server never holds the workflow up.
/// </summary>
/// <remarks>
/// The idempotency key decides what counts as the same message: the default (this activity's run in this
/// instance) sends once per time the activity runs; a key such as <c>{{ Input.caseId }}:acknowledged</c> sends at
/// most once per case, however often the workflow passes here.
/// </remarks>
[Activity("CaseFlow.Notify", Category = "Case", DisplayName = "Notify", Description = "Sends a message to the customer, a role, a user or a department (email, SMS, voice or the case's message log).")]
public sealed class Notify : Activity
{
    /// <summary>The stored key's column width.</summary>
    public const int MaxKeyLength = 256;

    private static readonly string[] Channels = [NotificationChannelNames.Auto, .. NotificationChannelNames.Delivery];

    [Input(DisplayName = "Recipient kind", Description = "Customer: the case's customer; otherwise the role, user or department named in Recipient.", UIHint = UIHints.Dropdown, Options = ["Customer", "Role", "User", "Department"], DefaultValue = "Customer", Order = 0)]
    public Input<string> RecipientKind { get; } = new();

    [Input(Description = "The role, user or department (ignored for the customer).", Order = 1)]
    public Input<string> Recipient { get; } = new();

    [Input(Description = "auto: the customer's email if known, else SMS, else the message log; staff get the message log.", UIHint = UIHints.Dropdown, Options = ["auto", "log", "email", "sms", "voice"], DefaultValue = "auto", Order = 2)]
    public Input<string> Channel { get; } = new();

    [Input(Description = "The email subject and the timeline's title (Liquid: {{ Input.caseNumber }}).", UIHint = UIHints.SingleLine, DefaultSyntax = "Liquid", Order = 3)]
    public Input<string> Subject { get; } = new();

    [Input(Description = "The message (Liquid).", UIHint = UIHints.MultiLine, DefaultSyntax = "Liquid", IsRequired = true, Order = 4)]
    public Input<string> Body { get; } = new();

    [Input(DisplayName = "Idempotency key", Description = "Messages with the same key are sent once. Empty: once per run of this activity.", Order = 5)]
    public Input<string> IdempotencyKey { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = context.Get(Body);
        if (string.IsNullOrWhiteSpace(body))
            throw new ActivityFaultException($"{context.Node.Id}: a Notify needs a body");
        // Checked here, not when the message is delivered: a bad value becomes an incident on this activity, which
        // can be fixed and retried, instead of a job that fails after the workflow moved on.
        var recipientKind = Trimmed(context.Get(RecipientKind)) ?? nameof(Domain.RecipientKind.Customer);
        if (!Enum.GetNames<Domain.RecipientKind>().Contains(recipientKind, StringComparer.OrdinalIgnoreCase))
            throw new ActivityFaultException($"{context.Node.Id}: '{recipientKind}' is not a recipient kind: one of {string.Join(", ", Enum.GetNames<Domain.RecipientKind>())}");
        var recipient = Trimmed(context.Get(Recipient));
        if (recipient is null && !string.Equals(recipientKind, nameof(Domain.RecipientKind.Customer), StringComparison.OrdinalIgnoreCase))
            throw new ActivityFaultException($"{context.Node.Id}: a message to a {recipientKind} needs the recipient's name");
        var channel = Trimmed(context.Get(Channel)) ?? NotificationChannelNames.Auto;
        if (!Channels.Contains(channel, StringComparer.OrdinalIgnoreCase))
            throw new ActivityFaultException($"{context.Node.Id}: '{channel}' is not a channel: one of {string.Join(", ", Channels)}");
        var key = Trimmed(context.Get(IdempotencyKey)) ?? DefaultKey(context.Workflow.Id, context.Id);
        if (key.Length > MaxKeyLength)
            throw new ActivityFaultException(FormattableString.Invariant($"{context.Node.Id}: the idempotency key is longer than {MaxKeyLength} characters"));
        context.RecordOutput("idempotencyKey", key);
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.Notify, new Dictionary<string, object?>
        {
            ["caseId"] = context.Workflow.State.CorrelationId,
            ["key"] = key,
            ["recipientKind"] = recipientKind,
            ["recipient"] = recipient,
            ["channel"] = channel,
            ["subject"] = Trimmed(context.Get(Subject)),
            ["body"] = body,
        }));
        context.Complete();
        return default;
    }

    /// <summary>
    /// The key of a Notify without one: the activity instance id is fixed once the burst commits (a burst that did
    /// not commit also left no outbox message), so a redelivered message carries the same key.
    /// </summary>
    public static string DefaultKey(string workflowInstanceId, string activityInstanceId) => $"{workflowInstanceId}:{activityInstanceId}";

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
