using CaseFlow.Cases.Features.Sla;

namespace CaseFlow.Cases.Tests.Features.Sla;

public sealed class BusinessCalendarTests
{
    private static readonly TimeSpan Utc = TimeSpan.Zero;

    [Fact]
    public void AddBusinessTime_EqualsPlainAddition_WhenTheCalendarIsTheDefault247()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions());
        var starts = new[]
        {
            new DateTimeOffset(2024, 6, 8, 23, 59, 59, Utc).AddTicks(1234567),
            new DateTimeOffset(2024, 3, 31, 1, 30, 0, TimeSpan.FromHours(1)),
            new DateTimeOffset(2024, 12, 31, 22, 0, 0, TimeSpan.FromHours(-5)),
        };
        var durations = new[] { TimeSpan.Zero, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(2), TimeSpan.FromHours(48), TimeSpan.FromDays(400) };

        Assert.True(calendar.IsAlwaysOpen);
        foreach (var start in starts)
        {
            Assert.True(calendar.IsOpen(start));
            foreach (var duration in durations)
            {
                var due = calendar.AddBusinessTime(start, duration);
                Assert.Equal(start + duration, due);
                Assert.Equal(start.Offset, due.Offset);
                Assert.Equal(duration, calendar.BusinessTimeBetween(start, due));
            }
        }
    }

    [Fact]
    public void AddBusinessTime_SkipsTheWeekend_WhenTheDeadlineFallsAfterFridaysClosing()
    {
        var calendar = Weekdays("09:00", "18:00");

        var due = calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 7, 17, 0, 0, Utc), TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2024, 6, 10, 10, 0, 0, Utc), due);
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 6, 8, 12, 0, 0, Utc)));
    }

    [Fact]
    public void AddBusinessTime_CountsNineHoursADay_ForA48HourDeadlineOnAWeekdayCalendar()
    {
        var calendar = Weekdays("09:00", "18:00");

        // Five weekdays give 45 open hours; the last 3 fall on the next Monday morning.
        var due = calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 3, 9, 0, 0, Utc), TimeSpan.FromHours(48));

        Assert.Equal(new DateTimeOffset(2024, 6, 10, 12, 0, 0, Utc), due);
    }

    [Fact]
    public void AddBusinessTime_EndsAtClosingTime_WhenTheDurationUsesUpTheDayExactly()
    {
        var calendar = Weekdays("09:00", "18:00");

        Assert.Equal(new DateTimeOffset(2024, 6, 3, 18, 0, 0, Utc), calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 3, 17, 0, 0, Utc), TimeSpan.FromHours(1)));
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 6, 3, 18, 0, 0, Utc)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2024, 6, 3, 17, 59, 59, 999, Utc)));
    }

    [Fact]
    public void AddBusinessTime_PausesOverLunch_WhenADayHasTwoPeriods()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions { WorkingHours = [.. WeekdayPeriods("09:00", "12:00"), .. WeekdayPeriods("13:00", "18:00")] });

        var due = calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 3, 11, 30, 0, Utc), TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2024, 6, 3, 13, 30, 0, Utc), due);
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 6, 3, 12, 30, 0, Utc)));
        Assert.Equal(TimeSpan.FromHours(8), calendar.BusinessTimeBetween(new DateTimeOffset(2024, 6, 3, 0, 0, 0, Utc), new DateTimeOffset(2024, 6, 4, 0, 0, 0, Utc)));
    }

    [Fact]
    public void AddBusinessTime_SkipsAHoliday_OnAWeekday()
    {
        var calendar = Weekdays("09:00", "18:00", o => o.Holidays = [new DateOnly(2024, 10, 1)]);

        var due = calendar.AddBusinessTime(new DateTimeOffset(2024, 9, 30, 17, 0, 0, Utc), TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2024, 10, 2, 10, 0, 0, Utc), due);
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 10, 1, 10, 0, 0, Utc)));
    }

    [Fact]
    public void AddBusinessTime_ClosesAHolidayAllDay_EvenOnA247Calendar()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions { Holidays = [new DateOnly(2024, 12, 25)] });

        var due = calendar.AddBusinessTime(new DateTimeOffset(2024, 12, 24, 12, 0, 0, Utc), TimeSpan.FromHours(24));

        Assert.False(calendar.IsAlwaysOpen);
        Assert.Equal(new DateTimeOffset(2024, 12, 26, 12, 0, 0, Utc), due);
    }

    [Fact]
    public void AddBusinessTime_CountsAnExtraWorkingDay_WithMondaysHours_OnASaturday()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions
        {
            WorkingHours = [.. WeekdayPeriods("09:00", "12:00"), .. WeekdayPeriods("13:00", "18:00")],
            ExtraWorkingDays = [new DateOnly(2024, 10, 12)],
        });

        var due = calendar.AddBusinessTime(new DateTimeOffset(2024, 10, 11, 17, 0, 0, Utc), TimeSpan.FromHours(5));

        // Friday 17–18 and Saturday 09–12 give four hours; the fifth starts after Saturday's lunch break.
        Assert.Equal(new DateTimeOffset(2024, 10, 12, 14, 0, 0, Utc), due);
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 10, 12, 12, 30, 0, Utc)));
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 10, 19, 10, 0, 0, Utc)));
    }

    [Fact]
    public void ExtraWorkingDays_AreOpenNineToSix_WhenMondayHasNoHoursAndNoneAreConfigured()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions
        {
            WorkingHours = [Period(DayOfWeek.Tuesday, "10:00", "11:00")],
            ExtraWorkingDays = [new DateOnly(2024, 10, 12)],
        });

        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 10, 12, 8, 59, 59, Utc)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2024, 10, 12, 9, 0, 0, Utc)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2024, 10, 12, 17, 59, 59, Utc)));
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 10, 12, 18, 0, 0, Utc)));
    }

    [Fact]
    public void ExtraWorkingDays_UseTheConfiguredHours_WhenSome()
    {
        var calendar = Weekdays("09:00", "18:00", o =>
        {
            o.ExtraWorkingDays = [new DateOnly(2024, 9, 29)];
            o.ExtraWorkingDayHours = [new TimeRange { Start = TimeSpan.FromHours(10), End = TimeSpan.FromHours(14) }];
        });

        Assert.Equal(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(new DateTimeOffset(2024, 9, 29, 0, 0, 0, Utc), new DateTimeOffset(2024, 9, 30, 0, 0, 0, Utc)));
    }

    [Fact]
    public void AddBusinessTime_StartsTheClockAtTheNextOpening_WhenStartedOutsideHours()
    {
        var calendar = Weekdays("09:00", "18:00");

        Assert.Equal(new DateTimeOffset(2024, 6, 10, 9, 30, 0, Utc), calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 8, 23, 0, 0, Utc), TimeSpan.FromMinutes(30)));
        Assert.Equal(new DateTimeOffset(2024, 6, 3, 10, 0, 0, Utc), calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 3, 7, 0, 0, Utc), TimeSpan.FromHours(1)));
        Assert.Equal(new DateTimeOffset(2024, 6, 4, 9, 0, 0, Utc), calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 3, 18, 0, 0, Utc), TimeSpan.Zero));
    }

    [Fact]
    public void AddBusinessTime_ReturnsTheStart_WhenTheDurationIsZeroAndTheCalendarIsOpen()
    {
        var calendar = Weekdays("09:00", "18:00");
        var start = new DateTimeOffset(2024, 6, 3, 9, 0, 0, Utc).AddTicks(42);

        Assert.Equal(start, calendar.AddBusinessTime(start, TimeSpan.Zero));
    }

    [Fact]
    public void AddBusinessTime_ReadsHoursInTheCalendarsZone_AndKeepsTheStartsOffset()
    {
        var calendar = Weekdays("09:00", "18:00", o => o.TimeZone = "Asia/Shanghai");
        var start = new DateTimeOffset(2024, 6, 7, 9, 0, 0, Utc); // Friday 17:00 in Shanghai

        var due = calendar.AddBusinessTime(start, TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2024, 6, 10, 10, 0, 0, TimeSpan.FromHours(8)), due);
        Assert.Equal(Utc, due.Offset);
    }

    [Fact]
    public void AddBusinessTime_UsesRealElapsedTime_AcrossTheSpringDstChange()
    {
        var calendar = Weekdays("09:00", "18:00", o => o.TimeZone = "Europe/Berlin");
        var cet = TimeSpan.FromHours(1);
        var cest = TimeSpan.FromHours(2);

        var due = calendar.AddBusinessTime(new DateTimeOffset(2024, 3, 29, 17, 0, 0, cet), TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2024, 4, 1, 10, 0, 0, cest), due);
    }

    [Fact]
    public void ASundayLasts23And25Hours_OnTheBerlinDstChangeDays()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions
        {
            TimeZone = "Europe/Berlin",
            WorkingHours = [Period(DayOfWeek.Sunday, "00:00", "1.00:00:00")],
        });

        Assert.Equal(TimeSpan.FromHours(23), calendar.BusinessTimeBetween(new DateTimeOffset(2024, 3, 29, 0, 0, 0, Utc), new DateTimeOffset(2024, 4, 3, 0, 0, 0, Utc)));
        Assert.Equal(TimeSpan.FromHours(25), calendar.BusinessTimeBetween(new DateTimeOffset(2024, 10, 25, 0, 0, 0, Utc), new DateTimeOffset(2024, 10, 30, 0, 0, 0, Utc)));
        // Midnight to midnight in Berlin: 23 real hours in March, 25 in October.
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.FromHours(2)), calendar.AddBusinessTime(new DateTimeOffset(2024, 3, 31, 0, 0, 0, TimeSpan.FromHours(1)), TimeSpan.FromHours(23)));
        Assert.Equal(new DateTimeOffset(2024, 10, 28, 0, 0, 0, TimeSpan.FromHours(1)), calendar.AddBusinessTime(new DateTimeOffset(2024, 10, 27, 0, 0, 0, TimeSpan.FromHours(2)), TimeSpan.FromHours(25)));
    }

    [Fact]
    public void APeriodAroundTheSkippedOrRepeatedHour_IsShorterOrLonger_InRealTime()
    {
        var calendar = new BusinessCalendar(new BusinessCalendarOptions
        {
            TimeZone = "Europe/Berlin",
            WorkingHours = [Period(DayOfWeek.Sunday, "01:00", "04:00")],
        });

        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(new DateTimeOffset(2024, 3, 30, 0, 0, 0, Utc), new DateTimeOffset(2024, 4, 1, 0, 0, 0, Utc)));
        Assert.Equal(TimeSpan.FromHours(4), calendar.BusinessTimeBetween(new DateTimeOffset(2024, 10, 26, 0, 0, 0, Utc), new DateTimeOffset(2024, 10, 28, 0, 0, 0, Utc)));
        // 02:30 happens twice on 27 October (CEST, then CET); both are open.
        Assert.True(calendar.IsOpen(new DateTimeOffset(2024, 10, 27, 2, 30, 0, TimeSpan.FromHours(2))));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2024, 10, 27, 2, 30, 0, TimeSpan.FromHours(1))));
        Assert.Equal(new DateTimeOffset(2024, 10, 27, 3, 0, 0, TimeSpan.FromHours(1)), calendar.AddBusinessTime(new DateTimeOffset(2024, 10, 27, 1, 0, 0, TimeSpan.FromHours(2)), TimeSpan.FromHours(3)));
    }

    [Fact]
    public void BusinessTimeBetween_UndoesAddBusinessTime_ForManyStartsAndDurations()
    {
        var calendars = new[]
        {
            Weekdays("09:00", "18:00", o => o.TimeZone = "Europe/Berlin"),
            new BusinessCalendar(new BusinessCalendarOptions
            {
                TimeZone = "America/New_York",
                WorkingHours = [.. WeekdayPeriods("08:30", "12:00"), .. WeekdayPeriods("12:45", "17:15"), Period(DayOfWeek.Saturday, "10:00", "1.00:00:00")],
                Holidays = [new DateOnly(2024, 11, 28), new DateOnly(2024, 12, 25)],
                ExtraWorkingDays = [new DateOnly(2024, 11, 3)],
            }),
        };
        var origin = new DateTimeOffset(2024, 2, 20, 0, 0, 0, Utc);
        foreach (var calendar in calendars)
        {
            for (var i = 0; i < 60; i++)
            {
                // Fixed, scattered inputs: steps coprime with days and weeks reach every hour and weekday, both DST changes included.
                var start = origin + TimeSpan.FromMinutes(i * 7919L) + TimeSpan.FromTicks(i * 1_234_567L);
                var duration = TimeSpan.FromMinutes(i * 613L % 5000) + TimeSpan.FromSeconds(i);

                var due = calendar.AddBusinessTime(start, duration);

                Assert.True(due >= start);
                Assert.Equal(duration, calendar.BusinessTimeBetween(start, due));
                if (duration > TimeSpan.Zero)
                    Assert.True(calendar.IsOpen(due - TimeSpan.FromTicks(1)), $"{due:O} should close an open stretch");
                // Zero open time would move the clock to the next opening, which may lie after `later`.
                var later = due + TimeSpan.FromHours(i % 30);
                var openUntilLater = calendar.BusinessTimeBetween(start, later);
                if (openUntilLater > TimeSpan.Zero)
                    Assert.True(calendar.AddBusinessTime(start, openUntilLater) <= later);
            }
        }
    }

    [Fact]
    public void BusinessTimeBetween_IsZero_WhenToIsNotAfterFrom()
    {
        var calendar = Weekdays("09:00", "18:00");
        var at = new DateTimeOffset(2024, 6, 3, 10, 0, 0, Utc);

        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(at, at));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(at, at.AddHours(-1)));
    }

    [Fact]
    public void AddBusinessTime_RejectsANegativeDuration()
    {
        var calendar = Weekdays("09:00", "18:00");

        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddBusinessTime(new DateTimeOffset(2024, 6, 3, 10, 0, 0, Utc), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void AddBusinessTime_Throws_WhenTheCalendarHasNoOpenTimeForTenYears()
    {
        var sundays = Enumerable.Range(0, 15 * 53).Select(week => new DateOnly(2024, 1, 7).AddDays(week * 7)).ToList();
        var calendar = new BusinessCalendar(new BusinessCalendarOptions { WorkingHours = [Period(DayOfWeek.Sunday, "09:00", "18:00")], Holidays = sundays });

        var error = Assert.Throws<InvalidOperationException>(() => calendar.AddBusinessTime(new DateTimeOffset(2024, 1, 1, 0, 0, 0, Utc), TimeSpan.FromMinutes(15)));

        Assert.Contains("no open time", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(new DateTimeOffset(2024, 1, 1, 0, 0, 0, Utc), new DateTimeOffset(2036, 1, 1, 0, 0, 0, Utc)));
    }

    [Fact]
    public void Constructor_Throws_WhenTheOptionsAreInvalid()
    {
        var options = new BusinessCalendarOptions { TimeZone = "Mars/Olympus_Mons", WorkingHours = [Period(DayOfWeek.Monday, "18:00", "09:00")] };

        var error = Assert.Throws<InvalidOperationException>(() => new BusinessCalendar(options));

        Assert.Contains("CaseFlow:Calendar:TimeZone", error.Message, StringComparison.Ordinal);
        Assert.Contains("CaseFlow:Calendar:WorkingHours[0].End", error.Message, StringComparison.Ordinal);
    }

    internal static BusinessCalendar Weekdays(string start, string end, Action<BusinessCalendarOptions>? configure = null)
    {
        var options = new BusinessCalendarOptions { WorkingHours = [.. WeekdayPeriods(start, end)] };
        configure?.Invoke(options);
        return new BusinessCalendar(options);
    }

    internal static IEnumerable<WorkingPeriod> WeekdayPeriods(string start, string end) =>
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.Select(day => Period(day, start, end));

    internal static WorkingPeriod Period(DayOfWeek day, string start, string end) => new()
    {
        Day = day,
        Start = TimeSpan.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
        End = TimeSpan.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
    };
}
