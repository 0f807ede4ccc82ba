namespace CaseFlow.Cases.Domain;

/// <summary>
/// What has been changed of a configured schedule over the API (null: as configured), and when the schedule was first
/// seen: no occurrence before that belongs to it.
/// </summary>
public sealed class ScheduleSetting
{
    /// <summary>The schedule's key in <c>CaseFlow:Schedules</c> (e.g. <c>plan-review</c>, <c>drills</c>).</summary>
    public required string Id { get; set; }

    public string? Cron { get; set; }
    public bool? Enabled { get; set; }

    /// <summary><c>RunOnce</c> or <c>Skip</c>: what the first check after a downtime does with the occurrence it missed.</summary>
    public string? MissedOccurrences { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public long Revision { get; set; }
}

public enum ScheduleRunOutcome
{
    Ran,

    /// <summary>Missed while no server ran, and the schedule's policy says skip.</summary>
    Skipped,
}

/// <summary>
/// One occurrence of a schedule that was dealt with, under a unique key (<c>{schedule}:{occurrence}</c>, or
/// <c>{schedule}:adhoc:{id}</c> for a run asked for by hand): a second node or a second check finds it and does nothing.
/// </summary>
public sealed class ScheduleRun
{
    public long Id { get; set; }
    public required string ScheduleId { get; set; }
    public required string Key { get; set; }
    public DateTimeOffset Occurrence { get; set; }
    public bool Adhoc { get; set; }
    public ScheduleRunOutcome Outcome { get; set; }

    /// <summary>What the run did (e.g. "drill CF-2026-000031 planned: staff-loss").</summary>
    public string? Detail { get; set; }

    public DateTimeOffset RanAt { get; set; }
    public string? RanBy { get; set; }
}
