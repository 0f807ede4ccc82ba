namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>One execution-log record; (InstanceId, Sequence) is unique, so a step can never be journaled twice.</summary>
public sealed class JournalRow
{
    public required string InstanceId { get; set; }
    public long Sequence { get; set; }
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public int WorkflowVersion { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public required string EventName { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public int ActivityTypeVersion { get; set; }
    public string? ActivityName { get; set; }
    public required string ActivityNodeId { get; set; }
    public required string ActivityInstanceId { get; set; }
    public string? ParentActivityInstanceId { get; set; }
    public string? Message { get; set; }
    public string? Source { get; set; }
    public string? Payload { get; set; }
}
