using System.Globalization;

namespace CaseFlow.Cases.Jobs;

/// <summary>Turns Elsa's schedules into the cron expressions Hangfire's recurring jobs take (6 fields = with seconds).</summary>
public static class CronSchedules
{
    /// <summary>
    /// Elsa's Quartz-style cron (<c>0 30 5 * * ?</c>, optional 7th year field) or 5-field cron, as Hangfire reads it:
    /// the year field is dropped (Hangfire's parser has none); null when the expression has another shape.
    /// </summary>
    public static string? FromElsaCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            return null;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return fields.Length switch
        {
            7 => string.Join(' ', fields[..6]),
            5 or 6 => string.Join(' ', fields),
            _ => null,
        };
    }

    /// <summary>
    /// An interval as a cron expression when it divides its enclosing unit evenly (every 15 s, every 5 min, every 6 h,
    /// daily); null otherwise, since cron cannot express "every 7 minutes" without drifting at the hour.
    /// </summary>
    public static string? FromInterval(TimeSpan interval)
    {
        var seconds = (long)interval.TotalSeconds;
        if (seconds <= 0 || interval.Ticks % TimeSpan.TicksPerSecond != 0)
            return null;
        var culture = CultureInfo.InvariantCulture;
        if (seconds < 60)
            return 60 % seconds == 0 ? string.Create(culture, $"*/{seconds} * * * * *") : null;
        if (seconds % 60 != 0)
            return null;
        var minutes = seconds / 60;
        if (minutes < 60)
            return 60 % minutes == 0 ? string.Create(culture, $"0 */{minutes} * * * *") : null;
        if (minutes % 60 != 0)
            return null;
        var hours = minutes / 60;
        if (hours < 24)
            return 24 % hours == 0 ? string.Create(culture, $"0 0 */{hours} * * *") : null;
        return hours == 24 ? "0 0 0 * * *" : null;
    }
}
