using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>A durable workflow instance: the snapshot JSON plus the summary columns queries and screens need.</summary>
public sealed class WorkflowInstanceRow
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public int Version { get; set; }
    public WorkflowStatus Status { get; set; }
    public WorkflowSubStatus SubStatus { get; set; }
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
    public string? ParentInstanceId { get; set; }
    public int IncidentCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>WorkflowSnapshotSerializer</c> JSON: variables, activity tree, bookmarks, incidents.</summary>
    public required string Snapshot { get; set; }

    /// <summary>Optimistic concurrency token: 1 on insert, +1 per commit.</summary>
    public long Revision { get; set; }
}
