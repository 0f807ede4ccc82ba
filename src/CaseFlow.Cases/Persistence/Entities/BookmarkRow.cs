namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>One bookmark of a running instance (rewritten from the snapshot on every commit).</summary>
public sealed class BookmarkRow
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }

    /// <summary>The instance's correlation id at commit time (copied so lookups need no join).</summary>
    public string? CorrelationId { get; set; }

    public required string Payload { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityNodeId { get; set; }
    public required string ActivityInstanceId { get; set; }
    public bool AutoBurn { get; set; }
    public string? CallbackMethodName { get; set; }
    public string? Metadata { get; set; }

    /// <summary>Due time of a timer bookmark; null for the others.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
