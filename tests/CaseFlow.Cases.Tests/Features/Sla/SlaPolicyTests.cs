using CaseFlow.Cases.Features.Sla;

namespace CaseFlow.Cases.Tests.Features.Sla;

public sealed class SlaPolicyTests
{
    private static readonly DateTimeOffset FridayAfternoon = new(2024, 6, 7, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DefaultClocks_FollowTheServiceLevelRules()
    {
        var policy = new SlaPolicy(new SlaOptions(), BusinessCalendar.AlwaysOpen);

        Assert.Equal(new SlaTerm("complaint.firstResponse", TimeSpan.FromHours(24), true), policy.GetTerm(SlaClocks.ComplaintFirstResponse));
        Assert.Equal(TimeSpan.FromHours(48), policy.GetTerm(SlaClocks.ComplaintResolution).Duration);
        Assert.Equal(TimeSpan.FromHours(48), policy.GetTerm(SlaClocks.InquiryComplex).Duration);
        Assert.Equal(TimeSpan.FromMinutes(15), policy.GetTerm(SlaClocks.TicketAcknowledgement).Duration);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.GetTerm(SlaClocks.LiveReply).Duration);
        Assert.Equal(9, policy.ClockNames.Count);
        Assert.Empty(new SlaOptions().Validate());
    }

    [Fact]
    public void E8_AnEmergencysDeadlines_Are15Minutes_1Hour_2Hours_And4Hours_RoundTheClock()
    {
        // Friday 17:55 on a calendar open 09:00-18:00 on weekdays: business time would push the deadlines to Monday.
        var calendar = new BusinessCalendar(new BusinessCalendarOptions { WorkingHours = [.. Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday).Select(d => new WorkingPeriod { Day = d, Start = TimeSpan.FromHours(9), End = TimeSpan.FromHours(18) })] });
        var policy = new SlaPolicy(new SlaOptions(), calendar);
        var occurred = new DateTimeOffset(2026, 3, 6, 17, 55, 0, TimeSpan.Zero);

        Assert.Equal(
            [occurred.AddMinutes(15), occurred.AddHours(1), occurred.AddHours(2), occurred.AddHours(4)],
            new[] { SlaClocks.EmergencyResponse, SlaClocks.EmergencyAssessment, SlaClocks.EmergencyPlan, SlaClocks.EmergencyFirstNotice }.Select(c => policy.DueAt(c, occurred)));
    }

    [Theory]
    [InlineData("phone", 2)]
    [InlineData("online", 2)]
    [InlineData("social", 15)]
    [InlineData("email", 15)]
    [InlineData("EMAIL", 15)]
    [InlineData("fax", 15)]
    [InlineData(null, 15)]
    public void FirstResponse_DependsOnTheChannel_AndFallsBackToTheAcknowledgementClock(string? channel, int minutes)
    {
        var policy = new SlaPolicy(new SlaOptions(), BusinessCalendar.AlwaysOpen);

        var term = policy.GetTerm(SlaClocks.TicketAcknowledgement, channel);

        Assert.Equal(new SlaTerm(SlaClocks.TicketAcknowledgement, TimeSpan.FromMinutes(minutes), true), term);
        Assert.Equal(FridayAfternoon.AddMinutes(minutes), policy.DueAt(SlaClocks.TicketAcknowledgement, FridayAfternoon, channel));
    }

    [Fact]
    public void ChannelOverrides_DoNotApplyToOtherClocks()
    {
        var policy = new SlaPolicy(new SlaOptions(), BusinessCalendar.AlwaysOpen);

        Assert.Equal(TimeSpan.FromHours(24), policy.GetTerm(SlaClocks.ComplaintFirstResponse, SlaChannels.Phone).Duration);
    }

    [Fact]
    public void DueAt_IsPlainAddition_OnTheDefaultCalendar()
    {
        var policy = new SlaPolicy(new SlaOptions(), BusinessCalendar.AlwaysOpen);

        Assert.Equal(FridayAfternoon.AddHours(24), policy.DueAt(SlaClocks.ComplaintFirstResponse, FridayAfternoon));
        Assert.Equal(FridayAfternoon.AddHours(48), policy.DueAt("Complaint.Resolution", FridayAfternoon));
    }

    [Fact]
    public void DueAt_CountsOpenTimeOnly_UnlessTheClockRunsAroundTheClock()
    {
        var options = new SlaOptions();
        options.Clocks[SlaClocks.LiveReply] = new SlaClockOptions { Duration = TimeSpan.FromMinutes(2), UseBusinessCalendar = false };
        var policy = new SlaPolicy(options, BusinessCalendarTests.Weekdays("09:00", "18:00"));

        // One open hour on Friday, the remaining 23 over Monday, Tuesday and Wednesday morning.
        Assert.Equal(new DateTimeOffset(2024, 6, 12, 14, 0, 0, TimeSpan.Zero), policy.DueAt(SlaClocks.ComplaintFirstResponse, FridayAfternoon));
        Assert.Equal(new DateTimeOffset(2024, 6, 8, 10, 0, 0, TimeSpan.Zero), policy.DueAt(SlaClocks.LiveReply, new DateTimeOffset(2024, 6, 8, 9, 58, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void GetTerm_NamesTheClockAndTheKnownOnes_WhenTheNameIsUnknown()
    {
        var policy = new SlaPolicy(new SlaOptions(), BusinessCalendar.AlwaysOpen);

        var error = Assert.Throws<ArgumentException>(() => policy.DueAt("complaint.escalation", FridayAfternoon));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("'complaint.escalation'", error.Message, StringComparison.Ordinal);
        Assert.Contains("complaint.firstResponse, complaint.resolution, emergency.assessment, emergency.firstNotice, emergency.plan, emergency.response, inquiry.complex, live.reply, ticket.acknowledgement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsBreached_OnlyAfterTheDueInstant()
    {
        var policy = new SlaPolicy(new SlaOptions(), BusinessCalendar.AlwaysOpen);

        Assert.False(policy.IsBreached(FridayAfternoon, FridayAfternoon.AddTicks(-1)));
        Assert.False(policy.IsBreached(FridayAfternoon, FridayAfternoon));
        Assert.True(policy.IsBreached(FridayAfternoon, FridayAfternoon.AddTicks(1)));
    }

    [Fact]
    public void Validate_NamesTheField_ForNonPositiveDurations_EmptyNames_AndAnUnknownFirstResponseClock()
    {
        var options = new SlaOptions { FirstResponseClock = "ticket.ack" };
        options.Clocks["complaint.resolution"] = new SlaClockOptions { Duration = TimeSpan.Zero };
        options.Clocks[" "] = new SlaClockOptions { Duration = TimeSpan.FromHours(1) };
        options.FirstResponseByChannel["social"] = new SlaClockOptions { Duration = TimeSpan.FromMinutes(-15) };

        var errors = options.Validate();

        Assert.Equal(
            [
                "CaseFlow:Sla:Clocks:complaint.resolution:Duration 00:00:00 must be positive",
                "CaseFlow:Sla:Clocks has a clock with an empty name",
                "CaseFlow:Sla:FirstResponseByChannel:social:Duration -00:15:00 must be positive",
                "CaseFlow:Sla:FirstResponseClock 'ticket.ack' must name one of CaseFlow:Sla:Clocks",
            ],
            errors);
        Assert.Throws<InvalidOperationException>(() => new SlaPolicy(options, BusinessCalendar.AlwaysOpen));
    }
}
