namespace CaseFlow.Cases.Features.Drills;

/// <summary>A drill scenario: the emergency event type its run of the real plan reports.</summary>
public sealed class DrillScenarioOptions
{
    public string EventType { get; set; } = "other";
}

/// <summary>Drills' configuration (<c>CaseFlow:Drills</c>).</summary>
public sealed class DrillOptions
{
    public const string SectionName = "CaseFlow:Drills";

    /// <summary>The definition that runs a drill [emergency-drill].</summary>
    public string Workflow { get; set; } = "emergency-drill";

    /// <summary>
    /// The scenarios of the drill plans ([001 篇1 六]): system failure, staff loss, natural disaster, each reported as
    /// the emergency event type of the same name when the drill runs the real plan. Configuration adds scenarios
    /// (the drill workflow's scenario switch then needs a branch for each).
    /// </summary>
    public Dictionary<string, DrillScenarioOptions> Scenarios { get; set; } = new(StringComparer.Ordinal)
    {
        ["system-failure"] = new() { EventType = "system-failure" },
        ["staff-loss"] = new() { EventType = "staff-loss" },
        ["natural-disaster"] = new() { EventType = "natural-disaster" },
    };
}
