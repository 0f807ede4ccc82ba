namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// The persistent facts of a workflow instance (Elsa's <c>WorkflowState</c>): identity, status, input/output,
/// bookmarks, incidents. Values are plain (see <see cref="Expressions.ValueConverter"/>) so they serialize as JSON.
/// </summary>
public sealed class WorkflowState
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public required string DefinitionVersionId { get; init; }
    public int DefinitionVersion { get; init; }
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
    public string? ParentWorkflowInstanceId { get; init; }
    public WorkflowSubStatus SubStatus { get; set; } = WorkflowSubStatus.Pending;
    public WorkflowStatus Status => SubStatus.ToStatus();
    public Dictionary<string, object?> Input { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, object?> Output { get; set; } = new(StringComparer.Ordinal);
    public List<Bookmark> Bookmarks { get; init; } = [];
    public List<ActivityIncident> Incidents { get; init; } = [];
    public int IncidentCount => Incidents.Count;

    /// <summary>Outcomes the workflow completed with (set by <c>Elsa.Complete</c> at the top level).</summary>
    public IReadOnlyList<string>? Outcomes { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long ExecutionLogSequence { get; set; }
    public string? TriggerActivityId { get; init; }

    /// <summary>Ids of the last stimuli (events, timer firings, outbox deliveries) applied, so a redelivery is a no-op.</summary>
    public List<string> AppliedStimuli { get; init; } = [];

    internal const int AppliedStimuliKept = 200;

    public bool HasApplied(string stimulusId) => AppliedStimuli.Contains(stimulusId);

    public void RecordApplied(string stimulusId)
    {
        AppliedStimuli.Add(stimulusId);
        if (AppliedStimuli.Count > AppliedStimuliKept)
            AppliedStimuli.RemoveRange(0, AppliedStimuli.Count - AppliedStimuliKept);
    }
}
