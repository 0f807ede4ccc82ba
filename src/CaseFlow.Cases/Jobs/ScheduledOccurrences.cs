using System.Globalization;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Activities.Scheduling;

namespace CaseFlow.Cases.Jobs;

/// <summary>What happens, at start-up, to the occurrences of a <c>Cron</c>/<c>Timer</c> trigger that fell while no server ran.</summary>
public enum MissedOccurrencePolicy
{
    /// <summary>The latest missed occurrence starts its instance once (never a backlog: a week's downtime is one run, not 2,000).</summary>
    RunOnce,

    /// <summary>Missed occurrences are dropped; the next one runs as usual.</summary>
    Skip,
}

/// <summary>
/// An occurrence of a scheduled trigger is identified by what it is: the trigger row (<c>{versionId}:{activityId}</c>,
/// i.e. the definition version and the trigger activity) and the time it was scheduled for. Its instance id is
/// derived from that identity, so every process and every restart agree on it and the store admits one instance
/// per occurrence, whoever runs it and however often.
/// </summary>
public static class ScheduledOccurrences
{
    /// <summary>The Hangfire-compatible cron of a <c>Cron</c> or <c>Timer</c> trigger; null for other triggers or schedules cron cannot express.</summary>
    public static string? CronOf(StoredTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return trigger.Name switch
        {
            "Elsa.Cron" => CronSchedules.FromElsaCron(TriggeredStarts.PayloadText(trigger, "cronExpression")),
            "Elsa.Timer" => TimeSpan.TryParse(TriggeredStarts.PayloadText(trigger, "interval"), CultureInfo.InvariantCulture, out var interval) ? CronSchedules.FromInterval(interval) : null,
            _ => null,
        };
    }

    /// <summary>
    /// The latest occurrence of <paramref name="cron"/> (UTC) at or before <paramref name="atOrBefore"/> and strictly
    /// after <paramref name="after"/> (the moment the trigger was published: nothing before it belongs to it); null when none.
    /// </summary>
    public static DateTimeOffset? Latest(string cron, DateTimeOffset after, DateTimeOffset atOrBefore)
    {
        ArgumentException.ThrowIfNullOrEmpty(cron);
        if (atOrBefore <= after)
            return null;
        var occurrence = TimerBookmarks.ParseCron(cron).GetPreviousOccurrence(atOrBefore, TimeZoneInfo.Utc, inclusive: true);
        return occurrence > after ? occurrence.Value.ToUniversalTime() : null;
    }

    /// <summary>The stimulus of an occurrence (whole seconds, UTC: cron has no finer grain), as <see cref="TriggeredStarts"/> keys instances.</summary>
    public static string StimulusId(DateTimeOffset occurrence) =>
        "occurrence:" + occurrence.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The id of the one instance an occurrence of a trigger may start.</summary>
    public static string InstanceId(string triggerId, DateTimeOffset occurrence) => TriggeredStarts.InstanceId(triggerId, StimulusId(occurrence));
}
