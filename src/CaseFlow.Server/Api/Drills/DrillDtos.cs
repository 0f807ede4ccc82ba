using CaseFlow.Cases.Domain;

namespace CaseFlow.Server.Api.Drills;

/// <summary>
/// A drill to plan: the scenario (<c>system-failure</c>, <c>staff-loss</c>, <c>natural-disaster</c>), the kind
/// (<c>tabletop</c>, <c>live</c>, <c>simulation</c>, <c>comprehensive</c>; default live), when (ISO 8601), what it is
/// about, and whether it runs the real emergency plan in drill mode (default: every kind but tabletop).
/// </summary>
public sealed record PlanDrillRequest(string? Scenario, string? Kind, DateTimeOffset? PlannedFor, string? Description, bool? RunPlan);

/// <summary>A drill as lists show it.</summary>
public record DrillDto
{
    public string Id { get; init; } = "";
    public string Number { get; init; } = "";
    public string Scenario { get; init; } = "";
    public DrillKind Kind { get; init; }
    public bool RunPlan { get; init; }
    public DateTimeOffset? PlannedFor { get; init; }
    public string Description { get; init; } = "";
    public CaseStatus Status { get; init; }
    public string? WorkflowInstanceId { get; init; }
    public string? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A step of the drill: who did it, when, how long it took (<c>took</c>, e.g. <c>00:04:00</c>), what they recorded.</summary>
public sealed record DrillStepDto(string ActivityId, string Title, string? DoneBy, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, TimeSpan? Took, string? Outcome, IReadOnlyDictionary<string, object?> Data);

/// <summary>A milestone of the plan the drill ran against its limit; <c>result</c>: <c>Met</c>, <c>Breached</c> or <c>NotReached</c>.</summary>
public sealed record DrillMilestoneDto(string Name, TimeSpan Limit, DateTimeOffset StartedAt, DateTimeOffset? ReachedAt, TimeSpan? Took, string Result);

/// <summary>A drill with its steps, its run of the plan (a drill emergency) and its score, and the summary report as it reads now.</summary>
public sealed record DrillDetailsDto : DrillDto
{
    public IReadOnlyList<DrillStepDto> Steps { get; init; } = [];

    /// <summary>The drill emergency that runs the real plan (<c>GET /api/emergencies/{id}?drills</c>), when the drill runs it.</summary>
    public string? PlanRunId { get; init; }

    public string? PlanRunNumber { get; init; }
    public EmergencyStage? PlanRunStage { get; init; }
    public IReadOnlyList<DrillMilestoneDto> Milestones { get; init; } = [];

    /// <summary>The summary report to the leadership (steps, score, evaluation, summary), composed from the drill as it stands.</summary>
    public string Report { get; init; } = "";
}
