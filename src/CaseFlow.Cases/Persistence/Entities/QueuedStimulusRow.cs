namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>A stimulus that found no bookmark yet (Elsa's bookmark queue); consumed at most once.</summary>
public sealed class QueuedStimulusRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public string? CorrelationId { get; set; }
    public string? Input { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
}
