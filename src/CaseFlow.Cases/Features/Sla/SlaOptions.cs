namespace CaseFlow.Cases.Features.Sla;

/// <summary>
/// Response and resolution targets (bound from the <c>CaseFlow:Sla</c> section by hosts). The defaults are the
/// service-level rules: complaints answered within 24 h and investigated and handled within 48 h, complex inquiries
/// completed within 48 h, a general first response within 15 min, and live-channel replies within 2 min.
/// </summary>
public sealed class SlaOptions
{
    public const string SectionName = "CaseFlow:Sla";

    /// <summary>Named SLA clocks (names compare case-insensitively); configuration adds clocks or replaces the defaults by name.</summary>
    public Dictionary<string, SlaClockOptions> Clocks { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [SlaClocks.ComplaintFirstResponse] = new() { Duration = TimeSpan.FromHours(24) },
        [SlaClocks.ComplaintResolution] = new() { Duration = TimeSpan.FromHours(48) },
        [SlaClocks.InquiryComplex] = new() { Duration = TimeSpan.FromHours(48) },
        [SlaClocks.TicketAcknowledgement] = new() { Duration = TimeSpan.FromMinutes(15) },
        [SlaClocks.LiveReply] = new() { Duration = TimeSpan.FromMinutes(2) },

        // An emergency's milestones run from its occurrence, round the clock ([002 §7.1]).
        [SlaClocks.EmergencyResponse] = new() { Duration = TimeSpan.FromMinutes(15), UseBusinessCalendar = false },
        [SlaClocks.EmergencyAssessment] = new() { Duration = TimeSpan.FromHours(1), UseBusinessCalendar = false },
        [SlaClocks.EmergencyPlan] = new() { Duration = TimeSpan.FromHours(2), UseBusinessCalendar = false },
        [SlaClocks.EmergencyFirstNotice] = new() { Duration = TimeSpan.FromHours(4), UseBusinessCalendar = false },
    };

    /// <summary>The clock that <see cref="FirstResponseByChannel"/> overrides.</summary>
    public string FirstResponseClock { get; set; } = SlaClocks.TicketAcknowledgement;

    /// <summary>
    /// First-response targets per channel, replacing <see cref="FirstResponseClock"/>'s own when a case's channel is
    /// listed: live channels (phone, online chat) within 2 min, social media and email within 15 min.
    /// </summary>
    public Dictionary<string, SlaClockOptions> FirstResponseByChannel { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [SlaChannels.Phone] = new() { Duration = TimeSpan.FromMinutes(2) },
        [SlaChannels.Online] = new() { Duration = TimeSpan.FromMinutes(2) },
        [SlaChannels.Social] = new() { Duration = TimeSpan.FromMinutes(15) },
        [SlaChannels.Email] = new() { Duration = TimeSpan.FromMinutes(15) },
    };

    /// <summary>Every configuration error, each naming its field; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        ValidateClocks(nameof(Clocks), Clocks, "clock", errors);
        ValidateClocks(nameof(FirstResponseByChannel), FirstResponseByChannel, "channel", errors);
        if (FirstResponseByChannel is { Count: > 0 }
            && (string.IsNullOrWhiteSpace(FirstResponseClock) || Clocks is null || !Clocks.ContainsKey(FirstResponseClock)))
        {
            errors.Add($"{SectionName}:{nameof(FirstResponseClock)} '{FirstResponseClock}' must name one of {SectionName}:{nameof(Clocks)}");
        }
        return errors;
    }

    private static void ValidateClocks(string field, Dictionary<string, SlaClockOptions>? clocks, string what, List<string> errors)
    {
        foreach (var (name, clock) in clocks ?? [])
        {
            if (string.IsNullOrWhiteSpace(name))
                errors.Add($"{SectionName}:{field} has a {what} with an empty name");
            else if (clock is null)
                errors.Add($"{SectionName}:{field}:{name} is missing");
            else if (clock.Duration <= TimeSpan.Zero)
                errors.Add(FormattableString.Invariant($"{SectionName}:{field}:{name}:Duration {clock.Duration:c} must be positive"));
        }
    }
}

/// <summary>One SLA target.</summary>
public sealed class SlaClockOptions
{
    /// <summary>Time allowed, e.g. <c>1.00:00:00</c> for 24 h or <c>00:02:00</c> for 2 min.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>
    /// Count only the business calendar's open time (default), or elapsed time. With the default 24/7 calendar both are the same.
    /// </summary>
    public bool UseBusinessCalendar { get; set; } = true;
}

/// <summary>Names of the default SLA clocks.</summary>
public static class SlaClocks
{
    public const string ComplaintFirstResponse = "complaint.firstResponse";
    public const string ComplaintResolution = "complaint.resolution";
    public const string InquiryComplex = "inquiry.complex";
    public const string TicketAcknowledgement = "ticket.acknowledgement";
    public const string LiveReply = "live.reply";

    /// <summary>Emergency response started within 15 min of the occurrence.</summary>
    public const string EmergencyResponse = "emergency.response";

    /// <summary>Initial assessment within 1 h of the occurrence.</summary>
    public const string EmergencyAssessment = "emergency.assessment";

    /// <summary>Handling plan within 2 h of the occurrence.</summary>
    public const string EmergencyPlan = "emergency.plan";

    /// <summary>First progress notice to the parties concerned within 4 h of the occurrence.</summary>
    public const string EmergencyFirstNotice = "emergency.firstNotice";
}

/// <summary>Contact channels a case can arrive through.</summary>
public static class SlaChannels
{
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Online = "online";
    public const string Social = "social";
}
