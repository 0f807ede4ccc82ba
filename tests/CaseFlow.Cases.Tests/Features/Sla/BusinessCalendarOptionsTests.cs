using CaseFlow.Cases.Features.Sla;
using static CaseFlow.Cases.Tests.Features.Sla.BusinessCalendarTests;

namespace CaseFlow.Cases.Tests.Features.Sla;

public sealed class BusinessCalendarOptionsTests
{
    [Fact]
    public void Validate_AcceptsTheDefaults_AndADayThatEndsAtMidnight()
    {
        Assert.Empty(new BusinessCalendarOptions().Validate());
        Assert.Empty(new BusinessCalendarOptions { TimeZone = "Europe/Berlin", WorkingHours = [Period(DayOfWeek.Saturday, "00:00", "1.00:00:00")] }.Validate());
    }

    [Fact]
    public void Validate_AcceptsAWindowsTimeZoneId()
    {
        Assert.Empty(new BusinessCalendarOptions { TimeZone = "W. Europe Standard Time" }.Validate());
    }

    [Fact]
    public void Validate_NamesThePeriod_WhenEndIsNotAfterStart()
    {
        var options = new BusinessCalendarOptions
        {
            WorkingHours = [Period(DayOfWeek.Monday, "09:00", "18:00"), Period(DayOfWeek.Tuesday, "09:00", "18:00"), Period(DayOfWeek.Wednesday, "18:00", "09:00")],
        };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("CaseFlow:Calendar:WorkingHours[2].End 09:00:00 must be after Start 18:00:00", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesTheField_ForTimesOutsideTheDay_UnknownZones_Overlaps_AndConflictingDates()
    {
        var options = new BusinessCalendarOptions
        {
            TimeZone = "Nowhere/Special",
            WorkingHours =
            [
                Period(DayOfWeek.Monday, "-01:00", "12:00"),
                Period(DayOfWeek.Monday, "09:00", "1.01:00:00"),
                Period(DayOfWeek.Tuesday, "09:00", "12:00"),
                Period(DayOfWeek.Tuesday, "11:00", "18:00"),
                new WorkingPeriod { Day = (DayOfWeek)9, Start = TimeSpan.FromHours(9), End = TimeSpan.FromHours(10) },
            ],
            Holidays = [new DateOnly(2024, 10, 1)],
            ExtraWorkingDays = [new DateOnly(2024, 10, 12), new DateOnly(2024, 10, 1)],
            ExtraWorkingDayHours = [new TimeRange { Start = TimeSpan.FromHours(9), End = TimeSpan.FromHours(9) }],
        };

        var errors = options.Validate();

        Assert.Collection(
            errors,
            e => Assert.Equal("CaseFlow:Calendar:TimeZone 'Nowhere/Special' is not a known IANA or Windows time zone id", e),
            e => Assert.StartsWith("CaseFlow:Calendar:WorkingHours[0].Start -01:00:00 must be", e, StringComparison.Ordinal),
            e => Assert.StartsWith("CaseFlow:Calendar:WorkingHours[1].End 1.01:00:00 must be", e, StringComparison.Ordinal),
            e => Assert.Equal("CaseFlow:Calendar:WorkingHours[4].Day '9' is not a day of the week", e),
            e => Assert.Equal("CaseFlow:Calendar:WorkingHours[3] overlaps CaseFlow:Calendar:WorkingHours[2] on Tuesday", e),
            e => Assert.Equal("CaseFlow:Calendar:ExtraWorkingDayHours[0].End 09:00:00 must be after Start 09:00:00", e),
            e => Assert.Equal("CaseFlow:Calendar:ExtraWorkingDays[1] (2024-10-01) is also listed in CaseFlow:Calendar:Holidays", e));
    }

    [Fact]
    public void Validate_ReportsAnEmptyTimeZone()
    {
        var error = Assert.Single(new BusinessCalendarOptions { TimeZone = " " }.Validate());

        Assert.StartsWith("CaseFlow:Calendar:TimeZone is empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_IgnoresChangesToItsOptions_AfterItWasBuilt()
    {
        var options = new BusinessCalendarOptions { WorkingHours = [.. WeekdayPeriods("09:00", "18:00")] };
        var calendar = new BusinessCalendar(options);

        options.WorkingHours.Clear();
        options.Holidays.Add(new DateOnly(2024, 6, 3));

        Assert.True(calendar.IsOpen(new DateTimeOffset(2024, 6, 3, 10, 0, 0, TimeSpan.Zero)));
        Assert.False(calendar.IsOpen(new DateTimeOffset(2024, 6, 3, 20, 0, 0, TimeSpan.Zero)));
    }
}
