using System.Collections.Frozen;
using System.Globalization;

namespace CaseFlow.Cases.Features.Sla;

/// <summary>
/// Open and closed time of the service, for deadlines that count business time only. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// An instant is open when its wall-clock time in the calendar's zone lies in a period of its date. Durations are real
/// elapsed time: on a DST change day a 00:00–24:00 period lasts 23 or 25 hours, and a period's edge that falls into a
/// skipped hour opens (or closes) when the clock jumps past it.
/// </remarks>
public sealed class BusinessCalendar
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    // Without any open time in this long, the configuration (e.g. holidays on every working day) is broken; walking
    // on would only postpone the failure to the end of DateTimeOffset's range.
    private const long SearchLimit = 3653 * TicksPerDay;

    // Offsets are sampled this often to find DST transitions; real zones never change twice within six hours.
    private const long OffsetProbe = 6 * TimeSpan.TicksPerHour;

    private const long SegmentLength = 7 * TicksPerDay;

    // A day of margin on both ends keeps local wall-clock ticks inside DateTime's range for any UTC offset.
    private const long FirstWalkTick = TicksPerDay;
    private static readonly long LastWalkTick = DateTime.MaxValue.Ticks - TicksPerDay;

    private static readonly Period[] AllDay = [new(0, TicksPerDay)];

    private readonly TimeSpan? _fixedOffset;
    private readonly Period[][] _weekly;
    private readonly Period[] _extraDayPeriods;
    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _extraWorkingDays;
    private readonly bool _alwaysOpen;

    /// <summary>Builds the calendar; throws <see cref="InvalidOperationException"/> listing every error when the options are invalid.</summary>
    public BusinessCalendar(BusinessCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new InvalidOperationException($"Invalid {BusinessCalendarOptions.SectionName} configuration: {string.Join("; ", errors)}");

        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        // A zone without adjustment rules keeps its base offset for ever, so the offset need not be probed.
        _fixedOffset = TimeZone.GetAdjustmentRules().Length == 0 ? TimeZone.BaseUtcOffset : null;
        _holidays = options.Holidays.ToFrozenSet();
        _extraWorkingDays = options.ExtraWorkingDays.ToFrozenSet();

        _weekly = new Period[7][];
        for (var day = 0; day < 7; day++)
        {
            _weekly[day] = options.WorkingHours.Count == 0
                ? AllDay
                : ToPeriods(options.WorkingHours.Where(p => (int)p.Day == day));
        }
        _extraDayPeriods = options.ExtraWorkingDayHours.Count > 0 ? ToPeriods(options.ExtraWorkingDayHours)
            : _weekly[(int)DayOfWeek.Monday].Length > 0 ? _weekly[(int)DayOfWeek.Monday]
            : [new(9 * TimeSpan.TicksPerHour, 18 * TimeSpan.TicksPerHour)];
        _alwaysOpen = options.WorkingHours.Count == 0 && _holidays.Count == 0;
    }

    /// <summary>Open 24/7 in UTC: business time is elapsed time.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(new BusinessCalendarOptions());

    /// <summary>The zone working hours, holidays and extra working days are read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>True when every instant is open (no working hours, no holidays), so deadlines are plain additions.</summary>
    public bool IsAlwaysOpen => _alwaysOpen;

    public bool IsOpen(DateTimeOffset at)
    {
        if (_alwaysOpen)
            return true;
        var local = at.UtcTicks + OffsetAt(at.UtcTicks).Ticks;
        var timeOfDay = local % TicksPerDay;
        foreach (var period in PeriodsOn(DateOnly.FromDayNumber((int)(local / TicksPerDay))))
        {
            if (timeOfDay >= period.Start && timeOfDay < period.End)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The instant when <paramref name="duration"/> of open time has passed since <paramref name="start"/>. Closed
    /// time does not count: outside open hours the clock starts at the next opening, so a zero duration returns
    /// <paramref name="start"/> when it is open and the next opening otherwise. A deadline that uses up an open
    /// period exactly is that period's closing time. The result keeps <paramref name="start"/>'s offset.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calendar has no open time within ten years.</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (_alwaysOpen)
            return start + duration;

        var remaining = duration.Ticks;
        foreach (var (from, to) in OpenIntervals(start.UtcTicks, LastWalkTick, requireOpenTime: true))
        {
            if (remaining <= to - from)
                return new DateTimeOffset(from + remaining, TimeSpan.Zero).ToOffset(start.Offset);
            remaining -= to - from;
        }
        throw new ArgumentOutOfRangeException(nameof(duration), duration, "The deadline falls beyond the range of DateTimeOffset.");
    }

    /// <summary>Open time between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            return TimeSpan.Zero;
        if (_alwaysOpen)
            return to - from;

        var total = 0L;
        foreach (var (start, end) in OpenIntervals(from.UtcTicks, Math.Min(to.UtcTicks, LastWalkTick), requireOpenTime: false))
            total += end - start;
        return TimeSpan.FromTicks(total);
    }

    /// <summary>
    /// Open intervals (UTC ticks, end exclusive) from <paramref name="fromUtc"/> until <paramref name="untilUtc"/>,
    /// in order. The timeline is cut into segments of constant UTC offset, inside which wall-clock time is UTC plus
    /// that offset, so each day's periods map to real instants without resolving skipped or repeated local times.
    /// </summary>
    private IEnumerable<(long From, long To)> OpenIntervals(long fromUtc, long untilUtc, bool requireOpenTime)
    {
        var cursor = Math.Max(fromUtc, FirstWalkTick);
        var lastOpen = cursor;
        while (cursor < untilUtc)
        {
            if (requireOpenTime && cursor - lastOpen > SearchLimit)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The business calendar has no open time in the ten years after {new DateTimeOffset(lastOpen, TimeSpan.Zero):O}: check {BusinessCalendarOptions.SectionName} (WorkingHours, Holidays)."));
            }
            var (offset, segmentEnd) = Segment(cursor, untilUtc);
            var localFrom = cursor + offset;
            var localTo = segmentEnd + offset;
            for (var dayStart = localFrom - localFrom % TicksPerDay; dayStart < localTo; dayStart += TicksPerDay)
            {
                foreach (var period in PeriodsOn(DateOnly.FromDayNumber((int)(dayStart / TicksPerDay))))
                {
                    var open = Math.Max(dayStart + period.Start, localFrom);
                    var close = Math.Min(dayStart + period.End, localTo);
                    if (close > open)
                    {
                        lastOpen = close - offset;
                        yield return (open - offset, close - offset);
                    }
                }
            }
            cursor = segmentEnd;
        }
    }

    /// <summary>The UTC offset (ticks) at <paramref name="utc"/> and the first instant after it where the offset changes (or a cut-off).</summary>
    private (long Offset, long End) Segment(long utc, long untilUtc)
    {
        var limit = Math.Min(utc + SegmentLength, untilUtc);
        var offset = OffsetAt(utc);
        if (_fixedOffset is not null)
            return (offset.Ticks, limit);
        for (var probe = utc; probe < limit;)
        {
            var next = Math.Min(probe + OffsetProbe, limit);
            if (OffsetAt(next) != offset)
                return (offset.Ticks, FirstChange(probe, next, offset));
            probe = next;
        }
        return (offset.Ticks, limit);
    }

    /// <summary>The smallest instant in (<paramref name="low"/>, <paramref name="high"/>] whose offset differs from <paramref name="offset"/>.</summary>
    private long FirstChange(long low, long high, TimeSpan offset)
    {
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (OffsetAt(middle) == offset)
                low = middle;
            else
                high = middle;
        }
        return high;
    }

    private TimeSpan OffsetAt(long utcTicks) =>
        _fixedOffset ?? TimeZone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc));

    private Period[] PeriodsOn(DateOnly date) =>
        _holidays.Contains(date) ? []
        : _extraWorkingDays.Contains(date) ? _extraDayPeriods
        : _weekly[(int)date.DayOfWeek];

    private static Period[] ToPeriods(IEnumerable<TimeRange> ranges) =>
        [.. ranges.Select(r => new Period(r.Start.Ticks, r.End.Ticks)).OrderBy(p => p.Start)];

    /// <summary>An opening period as ticks since the start of the local day; <see cref="End"/> is exclusive.</summary>
    private readonly record struct Period(long Start, long End);
}
