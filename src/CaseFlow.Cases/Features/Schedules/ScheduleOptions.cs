using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Jobs;

namespace CaseFlow.Cases.Features.Schedules;

/// <summary>What a schedule does at each occurrence.</summary>
public enum ScheduleAction
{
    /// <summary>Starts a plan review (<c>workflows/plan-review.json</c>) for each emergency plan whose published version is old enough (Q6).</summary>
    PlanReview,

    /// <summary>Plans the half-year's drill with a scenario not yet drilled that year (D1).</summary>
    Drill,

    /// <summary>Starts a workflow (<see cref="ScheduleDefinition.Workflow"/>) once per occurrence, e.g. a training session.</summary>
    Workflow,

    /// <summary>Sends a report (<see cref="ScheduleDefinition.Report"/>) on the period that just ended (Q4, Q5).</summary>
    Report,
}

/// <summary>The reports a schedule can send.</summary>
public enum ScheduledReport
{
    /// <summary>Customer feedback aggregated ([002 §3.4]; Q4): volume by category and channel, satisfaction, complaints.</summary>
    Feedback,

    /// <summary>Window performance ([002 §6.4]; Q5): satisfaction, response time, processing efficiency, complaint rate.</summary>
    WindowPerformance,
}

/// <summary>The period a report covers: the calendar month or quarter before the occurrence.</summary>
public enum ReportPeriod
{
    Month,
    Quarter,
}

/// <summary>A recurring piece of work: what it does, when (cron, in the business calendar's time zone) and what a missed occurrence becomes.</summary>
public sealed class ScheduleDefinition
{
    public ScheduleAction Action { get; set; }
    public string Cron { get; set; } = "0 8 * * *";
    public bool Enabled { get; set; } = true;
    public MissedOccurrencePolicy MissedOccurrences { get; set; } = MissedOccurrencePolicy.RunOnce;
    public string Description { get; set; } = "";

    /// <summary>For <see cref="ScheduleAction.Workflow"/>: the definition started at each occurrence.</summary>
    public string? Workflow { get; set; }

    /// <summary>For <see cref="ScheduleAction.Report"/>: which report, over which period, to whom (a role).</summary>
    public ScheduledReport Report { get; set; }

    public ReportPeriod Period { get; set; } = ReportPeriod.Month;
    public string Recipients { get; set; } = "Manager";
}

/// <summary>
/// The schedules (<c>CaseFlow:Schedules</c>): the recurring work of the sources — plan review, drills — each a
/// cron in the business calendar's time zone. Their cron, enabled flag and missed-occurrence policy can be changed
/// over the API (<c>PUT /api/schedules/{id}</c>); configuration gives the defaults.
/// </summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "CaseFlow:Schedules";

    public Dictionary<string, ScheduleDefinition> Schedules { get; set; } = new(StringComparer.Ordinal)
    {
        ["plan-review"] = new()
        {
            Action = ScheduleAction.PlanReview, Cron = "0 8 * * *",
            Description = "Every morning: an emergency plan whose published version is 12 months old gets a review (operations standard §7.2), approved by the general manager.",
        },
        ["drills"] = new()
        {
            Action = ScheduleAction.Drill, Cron = "0 9 1 1,7 *",
            Description = "1 January and 1 July: the half-year's comprehensive drill, a scenario not yet drilled that year (emergency plan §8.3.2, operations standard §7.2).",
        },
        ["training"] = new()
        {
            Action = ScheduleAction.Workflow, Workflow = "training-session", Cron = "0 9 1 1,4,7,10 *",
            Description = "Each quarter: the 2-day all-staff training is organised and its attendance recorded (emergency plan §8.1.2); run it by hand for an ad-hoc session.",
        },
        ["qa-monitoring"] = new()
        {
            Action = ScheduleAction.Workflow, Workflow = "qa-monitoring", Cron = "0 9 1 * *",
            Description = "On the 1st: the month's comprehensive quality monitoring; each finding gives the agent a rectification task, repeated findings their supervisor's decision (service manual §8.2.2–8.2.3).",
        },
        ["csat-campaign"] = new()
        {
            Action = ScheduleAction.Workflow, Workflow = "csat-campaign", Cron = "0 9 15 3 *",
            Description = "Once a year (a cron with more dates runs it more often): the customer satisfaction campaign on product quality, service quality, price and shopping experience (service manual §5.2).",
        },
        ["feedback-report-monthly"] = new()
        {
            Action = ScheduleAction.Report, Report = ScheduledReport.Feedback, Period = ReportPeriod.Month, Cron = "0 7 1 * *",
            Description = "On the 1st: last month's customer feedback, aggregated, to the managers (operations standard §3.4).",
        },
        ["feedback-report-quarterly"] = new()
        {
            Action = ScheduleAction.Report, Report = ScheduledReport.Feedback, Period = ReportPeriod.Quarter, Cron = "0 7 1 1,4,7,10 *",
            Description = "Each quarter: the last quarter's customer feedback, aggregated, to the managers (operations standard §3.4).",
        },
        ["window-performance-monthly"] = new()
        {
            Action = ScheduleAction.Report, Report = ScheduledReport.WindowPerformance, Period = ReportPeriod.Month, Cron = "0 7 1 * *",
            Description = "On the 1st: last month's window performance (satisfaction, response time, processing efficiency, complaint rate) to the managers (operations standard §6.4).",
        },
        ["window-performance-quarterly"] = new()
        {
            Action = ScheduleAction.Report, Report = ScheduledReport.WindowPerformance, Period = ReportPeriod.Quarter, Cron = "0 7 1 1,4,7,10 *",
            Description = "Each quarter: the last quarter's window performance to the managers (operations standard §6.4).",
        },
    };

    /// <summary>The emergency plans a plan review looks at (definition ids).</summary>
    public string[] Plans { get; set; } = ["emergency-response", "recovery-plan", "emergency-drill"];

    /// <summary>How old a published plan version may get before it is reviewed (12 months; [002 §7.2]).</summary>
    public int PlanReviewMonths { get; set; } = 12;

    /// <summary>The definition that runs a plan review [plan-review].</summary>
    public string PlanReviewWorkflow { get; set; } = "plan-review";

    /// <summary>How far ahead of its occurrence a scheduled drill is planned for (30 days: time to prepare it).</summary>
    public TimeSpan DrillLeadTime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The kind of a scheduled drill (comprehensive: [002 §7.2] asks for one each half-year).</summary>
    public DrillKind DrillKind { get; set; } = DrillKind.Comprehensive;
}
