using System.Globalization;

namespace CaseFlow.Cases.Features.Sla;

/// <summary>
/// When the service is open, for business-time deadlines (bound from the <c>CaseFlow:Calendar</c> section by hosts).
/// The defaults describe a calendar that is open 24/7 in UTC, so deadlines are plain additions until hours are configured.
/// </summary>
public sealed class BusinessCalendarOptions
{
    public const string SectionName = "CaseFlow:Calendar";

    /// <summary>IANA (<c>Europe/Berlin</c>) or Windows (<c>W. Europe Standard Time</c>) id; working hours are local to it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Opening periods per weekday; several per day are allowed (09:00–12:00 and 13:00–18:00). A weekday without
    /// periods is closed. An empty list means open 24/7 (the default); holidays still close whole days then.
    /// </summary>
    public List<WorkingPeriod> WorkingHours { get; set; } = [];

    /// <summary>Dates closed all day, whatever their weekday.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>
    /// Dates open although their weekday normally is not (make-up working days, e.g. a Saturday in China). They are
    /// open during <see cref="ExtraWorkingDayHours"/>, which replace the weekday's own hours.
    /// </summary>
    public List<DateOnly> ExtraWorkingDays { get; set; } = [];

    /// <summary>Opening periods of <see cref="ExtraWorkingDays"/>; when empty, Monday's periods, or 09:00–18:00 if Monday has none.</summary>
    public List<TimeRange> ExtraWorkingDayHours { get; set; } = [];

    /// <summary>Every configuration error, each naming its field; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TimeZone))
            errors.Add($"{SectionName}:TimeZone is empty: use an IANA or Windows time zone id such as 'Europe/Berlin'");
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            errors.Add($"{SectionName}:TimeZone '{TimeZone}' is not a known IANA or Windows time zone id");

        var workingHours = WorkingHours ?? [];
        var valid = new List<(int Index, WorkingPeriod Period)>();
        for (var i = 0; i < workingHours.Count; i++)
        {
            var field = Field("WorkingHours", i);
            var period = workingHours[i];
            if (period is null)
            {
                errors.Add($"{field} is missing");
                continue;
            }
            var before = errors.Count;
            if (!Enum.IsDefined(period.Day))
                errors.Add(Invariant($"{field}.Day '{(int)period.Day}' is not a day of the week"));
            ValidateRange(field, period.Start, period.End, errors);
            if (errors.Count == before)
                valid.Add((i, period));
        }
        foreach (var day in valid.GroupBy(p => p.Period.Day))
            ReportOverlaps("WorkingHours", day.Select(p => (p.Index, p.Period.Start, p.Period.End)), $" on {day.Key}", errors);

        var extraHours = ExtraWorkingDayHours ?? [];
        var validExtra = new List<(int Index, TimeSpan Start, TimeSpan End)>();
        for (var i = 0; i < extraHours.Count; i++)
        {
            var field = Field("ExtraWorkingDayHours", i);
            var range = extraHours[i];
            if (range is null)
            {
                errors.Add($"{field} is missing");
                continue;
            }
            if (ValidateRange(field, range.Start, range.End, errors))
                validExtra.Add((i, range.Start, range.End));
        }
        ReportOverlaps("ExtraWorkingDayHours", validExtra, "", errors);

        // A date cannot be both closed and open; silently picking one would hide a typo in either list.
        var holidays = (Holidays ?? []).ToHashSet();
        var extraDays = ExtraWorkingDays ?? [];
        for (var i = 0; i < extraDays.Count; i++)
        {
            if (holidays.Contains(extraDays[i]))
                errors.Add($"{Field("ExtraWorkingDays", i)} ({extraDays[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) is also listed in {SectionName}:Holidays");
        }
        return errors;
    }

    private static string Field(string list, int index) => Invariant($"{SectionName}:{list}[{index}]");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static bool ValidateRange(string field, TimeSpan start, TimeSpan end, List<string> errors)
    {
        var before = errors.Count;
        if (start < TimeSpan.Zero || start >= TimeSpan.FromDays(1))
            errors.Add(Invariant($"{field}.Start {start:c} must be a time of day from 00:00 to before 24:00"));
        if (end <= TimeSpan.Zero || end > TimeSpan.FromDays(1))
            errors.Add(Invariant($"{field}.End {end:c} must be a time of day after 00:00 and at most 24:00 (written 1.00:00:00)"));
        else if (end <= start)
            errors.Add(Invariant($"{field}.End {end:c} must be after Start {start:c}"));
        return errors.Count == before;
    }

    private static void ReportOverlaps(string list, IEnumerable<(int Index, TimeSpan Start, TimeSpan End)> periods, string where, List<string> errors)
    {
        (int Index, TimeSpan Start, TimeSpan End)? previous = null;
        foreach (var period in periods.OrderBy(p => p.Start))
        {
            if (previous is { } p && period.Start < p.End)
                errors.Add($"{Field(list, period.Index)} overlaps {Field(list, p.Index)}{where}");
            if (previous is null || period.End > previous.Value.End)
                previous = period;
        }
    }
}

/// <summary>A time-of-day range; <see cref="End"/> may be 24:00, written <c>1.00:00:00</c> in configuration.</summary>
public class TimeRange
{
    /// <summary>Opening time, e.g. <c>09:00</c>.</summary>
    public TimeSpan Start { get; set; }

    /// <summary>Closing time (exclusive), e.g. <c>18:00</c>; <c>1.00:00:00</c> for midnight at the end of the day.</summary>
    public TimeSpan End { get; set; }
}

/// <summary>An opening period on one weekday.</summary>
public sealed class WorkingPeriod : TimeRange
{
    public DayOfWeek Day { get; set; }
}
