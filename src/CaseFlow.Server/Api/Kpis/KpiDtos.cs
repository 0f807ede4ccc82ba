namespace CaseFlow.Server.Api.Kpis;

/// <summary>
/// The KPIs of the period [from, to) and the backlog now. Percentages are 0–100 with one decimal and null when
/// there is nothing to divide by (no finished SLA clock, no resolved complaint, no survey sent or answered).
/// </summary>
public sealed record KpiReportDto
{
    public DateTimeOffset From { get; init; }
    public DateTimeOffset To { get; init; }
    public VolumeKpiDto Volume { get; init; } = new();
    public SlaKpiDto Sla { get; init; } = new();
    public FirstContactResolutionKpiDto FirstContactResolution { get; init; } = new();
    public CsatKpiDto Csat { get; init; } = new();
    public BacklogKpiDto Backlog { get; init; } = new();
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
