namespace CaseFlow.Cases.Domain;

public enum SlaClockStatus
{
    Running,
    Met,
    Breached,
    Cancelled,
}

/// <summary>
/// A named SLA clock of a case (first response, resolution...), started and stopped by <c>CaseFlow.SlaTimer</c>. The
/// due time is the workflow's timer (kept with the instance's bookmarks); this row is what people and KPIs read.
/// </summary>
public sealed class SlaClock
{
    public required string Id { get; set; }
    public string? CaseId { get; set; }
    public required string WorkflowInstanceId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? BreachedAt { get; set; }
    public SlaClockStatus Status { get; set; }
}
