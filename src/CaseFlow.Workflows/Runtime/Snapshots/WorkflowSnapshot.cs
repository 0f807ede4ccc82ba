namespace CaseFlow.Workflows.Runtime.Snapshots;

/// <summary>
/// Everything needed to continue a workflow instance in another process: its <see cref="WorkflowState"/>, the tree
/// of activity executions still alive (running, or faulted and awaiting a retry) with their variables and
/// activity-owned properties, and the outputs earlier activities produced. Taken between bursts only.
/// </summary>
public sealed class WorkflowSnapshot
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required WorkflowState State { get; init; }

    /// <summary>Parents before children; the first is the workflow itself.</summary>
    public List<ActivityContextSnapshot> Contexts { get; init; } = [];

    /// <summary>Outputs by activity id, for <c>getOutputFrom</c>.</summary>
    public Dictionary<string, Dictionary<string, object?>> Outputs { get; init; } = [];

    public object? LastResult { get; init; }

    /// <summary>Work still queued when the burst stopped (a fault under the default strategy stops it early).</summary>
    public List<ScheduledWorkSnapshot> Scheduled { get; init; } = [];
}

/// <summary>A queued work item: run <see cref="NodeId"/> under <see cref="OwnerId"/>, or resume <see cref="Bookmark"/>.</summary>
public sealed class ScheduledWorkSnapshot
{
    public string? NodeId { get; init; }
    public required string OwnerId { get; init; }
    public bool Backward { get; init; }
    public Bookmark? Bookmark { get; init; }
    public object? Input { get; init; }
}

/// <summary>One activity execution in a <see cref="WorkflowSnapshot"/>.</summary>
public sealed class ActivityContextSnapshot
{
    public required string Id { get; init; }

    /// <summary>The node id of the activity in the compiled definition (<c>Workflow1:flow:activity</c>).</summary>
    public required string NodeId { get; init; }

    public string? ParentId { get; init; }
    public ActivityStatus Status { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public bool ScheduledByBackwardConnection { get; init; }
    public Dictionary<string, object?>? Properties { get; init; }
    public Dictionary<string, object?>? Variables { get; init; }
    public WorkflowScopeSnapshot? Scope { get; init; }
}

/// <summary>Inputs, outputs and chosen outcomes of a workflow scope (the workflow, or a workflow used as an activity).</summary>
public sealed class WorkflowScopeSnapshot
{
    public Dictionary<string, object?> Inputs { get; init; } = [];
    public Dictionary<string, object?> Outputs { get; init; } = [];
    public List<string>? Outcomes { get; init; }
}
