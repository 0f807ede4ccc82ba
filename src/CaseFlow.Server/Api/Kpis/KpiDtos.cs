namespace CaseFlow.Server.Api.Kpis;

/// <summary>
/// The KPIs of the period [from, to) and the backlog now. Percentages are 0–100 with one decimal and null when
/// there is nothing to divide by (no finished SLA clock, no resolved complaint, no survey sent or answered).
/// </summary>
public sealed record KpiReportDto
{
    public DateTimeOffset From { get; init; }
    public DateTimeOffset To { get; init; }

    /// <summary>Whether drill cases, drill emergencies and their clocks and tasks are counted (<c>drills=true</c>).</summary>
    public bool IncludesDrills { get; init; }

    public VolumeKpiDto Volume { get; init; } = new();
    public SlaKpiDto Sla { get; init; } = new();
    public FirstContactResolutionKpiDto FirstContactResolution { get; init; } = new();
    public CsatKpiDto Csat { get; init; } = new();
    public CsatTrendKpiDto CsatTrend { get; init; } = new();
    public BacklogKpiDto Backlog { get; init; } = new();

    /// <summary>Open cases by time since intake: under1d, 1to3d, 3to7d, 7to30d, over30d.</summary>
    public IReadOnlyList<KpiCountDto> BacklogAgeing { get; init; } = [];

    /// <summary>The categories with the most complaints in the period (at most 10), against the period of the same length before.</summary>
    public IReadOnlyList<HotSpotKpiDto> HotSpots { get; init; } = [];

    public EmergenciesKpiDto Emergencies { get; init; } = new();

    /// <summary>Drills filed in the period with their scores (listed whatever <see cref="IncludesDrills"/> says).</summary>
    public IReadOnlyList<DrillScoreKpiDto> Drills { get; init; } = [];
}

/// <summary>CSAT per bucket (<c>day</c>, <c>week</c> from Monday or <c>month</c>, UTC) of the surveys sent in it; every bucket of the period listed.</summary>
public sealed record CsatTrendKpiDto
{
    public string Bucket { get; init; } = "day";
    public IReadOnlyList<CsatPointDto> Points { get; init; } = [];
}

public sealed record CsatPointDto
{
    public DateTimeOffset Start { get; init; }
    public int Sent { get; init; }
    public int Answered { get; init; }
    public double? AverageScore { get; init; }
}

public sealed record HotSpotKpiDto
{
    public string Category { get; init; } = "";
    public int Count { get; init; }
    public int PreviousCount { get; init; }
    public double? ChangePercent { get; init; }
}

/// <summary>Emergencies raised in the period by level: I–IV and <c>unassessed</c>.</summary>
public sealed record EmergenciesKpiDto
{
    public int Total { get; init; }
    public IReadOnlyList<EmergencyLevelKpiDto> ByLevel { get; init; } = [];
}

public sealed record EmergencyLevelKpiDto
{
    public string Level { get; init; } = "";
    public int Count { get; init; }
    public int Active { get; init; }
    public IReadOnlyList<MilestoneKpiDto> Milestones { get; init; } = [];
}

/// <summary>An emergency milestone clock: met, breached, running, and the median minutes to reach it (null when none reached).</summary>
public sealed record MilestoneKpiDto
{
    public string Clock { get; init; } = "";
    public double LimitMinutes { get; init; }
    public int Met { get; init; }
    public int Breached { get; init; }
    public int Running { get; init; }
    public double? MedianMinutes { get; init; }
}

/// <summary>A drill and its score: the plan run's milestones reached in time out of those it started (null for a tabletop drill).</summary>
public sealed record DrillScoreKpiDto
{
    public string CaseId { get; init; } = "";
    public string Number { get; init; } = "";
    public string Scenario { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public int MilestonesMet { get; init; }
    public int Milestones { get; init; }
    public double? ScorePercent { get; init; }
}

public sealed record KpiCountDto
{
    public string Key { get; init; } = "";
    public int Count { get; init; }
}

/// <summary>Cases filed in the period: by type, by category (<c>unclassified</c> before classification) and by channel.</summary>
public sealed record VolumeKpiDto
{
    public int Total { get; init; }
    public IReadOnlyList<KpiCountDto> ByType { get; init; } = [];
    public IReadOnlyList<KpiCountDto> ByCategory { get; init; } = [];
    public IReadOnlyList<KpiCountDto> ByChannel { get; init; } = [];
}

/// <summary>SLA clocks started in the period (cancelled ones left out); metPercent = met / (met + breached).</summary>
public sealed record SlaKpiDto
{
    public int Met { get; init; }
    public int Breached { get; init; }
    public int Running { get; init; }
    public double? MetPercent { get; init; }
    public IReadOnlyList<SlaClockKpiDto> ByClock { get; init; } = [];
}

public sealed record SlaClockKpiDto
{
    public string Clock { get; init; } = "";
    public int Met { get; init; }
    public int Breached { get; init; }
    public int Running { get; init; }
    public double? MetPercent { get; init; }
}

/// <summary>
/// Complaints filed in the period and resolved (Resolved, FollowUp, Closed or Archived), and how many of them were
/// resolved without escalation: no task for the Supervisor role and no transfer.
/// </summary>
public sealed record FirstContactResolutionKpiDto
{
    public int ResolvedComplaints { get; init; }
    public int WithoutEscalation { get; init; }
    public double? Percent { get; init; }
}

/// <summary>Surveys sent in the period: answered count, average score (1–5), share scoring 4 or 5, response rate (answered / sent).</summary>
public sealed record CsatKpiDto
{
    public int Sent { get; init; }
    public int Answered { get; init; }
    public double? AverageScore { get; init; }
    public double? SatisfiedPercent { get; init; }
    public double? ResponseRatePercent { get; init; }
}

/// <summary>Now, whatever the period: open cases (not Closed, Redirected or Archived) by status, open tasks, overdue open tasks.</summary>
public sealed record BacklogKpiDto
{
    public DateTimeOffset AsOf { get; init; }
    public int OpenCases { get; init; }
    public IReadOnlyList<KpiCountDto> OpenCasesByStatus { get; init; } = [];
    public int OpenTasks { get; init; }
    public int OverdueTasks { get; init; }
}

/// <summary>
/// A definition version's activities over its runs started in [from, to): runs started, runs read (the newest, up to
/// the configured maximum), their SLA breaches and CSAT answers, and each activity's figures.
/// </summary>
public sealed record ActivityHeatmapDto
{
    public string DefinitionId { get; init; } = "";
    public int Version { get; init; }
    public DateTimeOffset From { get; init; }
    public DateTimeOffset To { get; init; }
    public bool IncludesDrills { get; init; }
    public int Runs { get; init; }
    public int Analysed { get; init; }
    public int SlaBreaches { get; init; }
    public int CsatAnswers { get; init; }
    public double? CsatAverage { get; init; }
    public IReadOnlyList<ActivityHeatDto> Activities { get; init; } = [];
}

/// <summary>
/// One activity: starts and the runs that started it; waits that ended and their average in seconds; runs waiting
/// there now; faults; SLA clocks that breached while a run waited there; CSAT answers of the cases whose run passed it
/// and their average (1–5).
/// </summary>
public sealed record ActivityHeatDto
{
    public string ActivityId { get; init; } = "";
    public int Executions { get; init; }
    public int Runs { get; init; }
    public int Waits { get; init; }
    public double? AverageWaitingSeconds { get; init; }
    public int WaitingNow { get; init; }
    public int Faults { get; init; }
    public int SlaBreaches { get; init; }
    public int CsatAnswers { get; init; }
    public double? CsatAverage { get; init; }
}
