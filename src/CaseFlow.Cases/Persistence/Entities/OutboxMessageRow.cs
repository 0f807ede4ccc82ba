namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>Work a burst handed out, written with the burst and delivered after it committed.</summary>
public sealed class OutboxMessageRow
{
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string InstanceId { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The message's place among its instance's messages (<c>OutboxMessage.Sequence</c>); delivered in this order.</summary>
    public long Sequence { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
}
