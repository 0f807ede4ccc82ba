namespace CaseFlow.Cases.Domain;

public enum NotificationStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>Who a notification is for: the case's customer, a role, a named user or a department.</summary>
public enum RecipientKind
{
    Customer,
    Role,
    User,
    Department,

    /// <summary>Someone outside the centre (a partner, a regulator): named, delivered by hand from the message log.</summary>
    External,
}

/// <summary>
/// One message to a person, kept as the case's message log. <see cref="IdempotencyKey"/> is unique: asking to send
/// with a key that exists returns the existing message, and delivery skips a message already sent, so a retried job
/// never sends twice.
/// </summary>
public sealed class NotificationMessage
{
    public required string Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public string? CaseId { get; set; }
    public string? WorkflowInstanceId { get; set; }
    public RecipientKind RecipientKind { get; set; }

    /// <summary>The customer's name, the role, user or department.</summary>
    public required string Recipient { get; set; }

    /// <summary>Where it goes on its channel (an email address, a phone number); null for the message log.</summary>
    public string? Address { get; set; }

    /// <summary><c>log</c> (the case's message log), <c>email</c>, <c>sms</c> or <c>voice</c>.</summary>
    public required string Channel { get; set; }

    public string? Subject { get; set; }
    public required string Body { get; set; }
    public NotificationStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>A delivery in progress holds the message until then; another delivery waits it out instead of sending too.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
