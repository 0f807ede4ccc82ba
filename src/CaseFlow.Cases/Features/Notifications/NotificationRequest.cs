using CaseFlow.Cases.Domain;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// A message to store and send. <see cref="IdempotencyKey"/> identifies it: asking again with the same key returns
/// the stored message instead of a second one.
/// </summary>
public sealed record NotificationRequest
{
    public required string IdempotencyKey { get; init; }

    /// <summary>The case it belongs to; required for <see cref="RecipientKind.Customer"/> (the case's customer).</summary>
    public string? CaseId { get; init; }

    public string? WorkflowInstanceId { get; init; }
    public RecipientKind RecipientKind { get; init; } = RecipientKind.Customer;

    /// <summary>The role, user or department; ignored for the customer.</summary>
    public string? Recipient { get; init; }

    /// <summary><c>auto</c> (default), <c>log</c>, <c>email</c>, <c>sms</c> or <c>voice</c>.</summary>
    public string Channel { get; init; } = NotificationChannelNames.Auto;

    public string? Subject { get; init; }
    public required string Body { get; init; }
}
