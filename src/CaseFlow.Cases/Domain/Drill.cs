namespace CaseFlow.Cases.Domain;

/// <summary>The kinds of drill of the operations standard ([002 §7.2]).</summary>
public enum DrillKind
{
    Tabletop,
    Live,
    Simulation,
    Comprehensive,
}

/// <summary>
/// An emergency drill ([000 §8.3], [001]) beside its case (type <see cref="CaseType.Drill"/>): the scenario it
/// rehearses (<c>system-failure</c>, <c>staff-loss</c>, <c>natural-disaster</c>; D2–D4), its kind and when it is
/// planned for. Preparation, evaluation and summary are the drill workflow's steps and land in the case's fields;
/// the real emergency plan it runs in drill mode is a drill emergency linked to the drill's case.
/// </summary>
public sealed class Drill
{
    /// <summary>The case's id (one drill per case).</summary>
    public required string CaseId { get; set; }

    /// <summary>A configured scenario key (<c>CaseFlow:Drills:Scenarios</c>).</summary>
    public required string Scenario { get; set; }

    public DrillKind Kind { get; set; }

    /// <summary>Whether the drill runs the real emergency plan in drill mode (a drill emergency linked to it), beside its scenario's steps.</summary>
    public bool RunPlan { get; set; }

    /// <summary>When it is planned for (the preparation confirms the time).</summary>
    public DateTimeOffset? PlannedFor { get; set; }

    /// <summary>The schedule occurrence that planned it (<c>drill:{year}-H{half}</c>), unique: a schedule plans each drill once.</summary>
    public string? ScheduleKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
