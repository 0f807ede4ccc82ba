namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>An open incident of an instance (mirrors the snapshot's incidents; a retry removes its row).</summary>
public sealed class IncidentRow
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityNodeId { get; set; }
    public required string ActivityInstanceId { get; set; }
    public required string ActivityType { get; set; }
    public required string Message { get; set; }

    /// <summary>The exception chain as JSON (type, message, stack trace, inner).</summary>
    public string? Exception { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}
