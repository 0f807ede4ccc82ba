using CaseFlow.Cases.Domain;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>What an event type implies: the response level it suggests (the general manager decides) and the red flag.</summary>
public sealed class EventTypeOptions
{
    public ResponseLevel? SuggestedLevel { get; set; }

    /// <summary>Red-level response ([002 §7.1]): management intervenes directly.</summary>
    public bool Red { get; set; }
}

/// <summary>Emergencies' configuration (<c>CaseFlow:Emergencies</c>).</summary>
/// <summary>
/// When complaints raise the alarm ([000 §1.3(2), §4.1.1(3)]: complaints as an emergency trigger; the sources give no
/// threshold): <see cref="Threshold"/> complaints of one category within <see cref="Window"/> open an emergency.
/// </summary>
public sealed class ComplaintSpikeOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How many complaints of one category (default 10).</summary>
    public int Threshold { get; set; } = 10;

    /// <summary>Within how long (default 60 min).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The event type of the emergency raised (default customer-complaint: level III suggested).</summary>
    public string EventType { get; set; } = "customer-complaint";
}

public sealed class EmergencyOptions
{
    public const string SectionName = "CaseFlow:Emergencies";

    /// <summary>The definition that runs an emergency [emergency-response].</summary>
    public string Workflow { get; set; } = "emergency-response";

    /// <summary>
    /// Event types by key. Defaults from the emergency plan's level table ([000 §4.1.1]) and [002 §7.1]'s red level:
    /// system failure, data leak, network attack and system paralysis suggest level I (data leak and paralysis red);
    /// partial system failure, business-process interruption, service interruption, security events and natural
    /// disasters II; individual business problems and customer complaints III; employee illness, staff loss and
    /// equipment failure IV; "other" suggests none. Configuration adds types or changes these.
    /// </summary>
    public Dictionary<string, EventTypeOptions> EventTypes { get; set; } = new(StringComparer.Ordinal)
    {
        ["system-failure"] = new() { SuggestedLevel = ResponseLevel.I },
        ["data-leak"] = new() { SuggestedLevel = ResponseLevel.I, Red = true },
        ["network-attack"] = new() { SuggestedLevel = ResponseLevel.I },
        ["system-paralysis"] = new() { SuggestedLevel = ResponseLevel.I, Red = true },
        ["partial-system-failure"] = new() { SuggestedLevel = ResponseLevel.II },
        ["business-process-interruption"] = new() { SuggestedLevel = ResponseLevel.II },
        ["service-interruption"] = new() { SuggestedLevel = ResponseLevel.II },
        ["security-event"] = new() { SuggestedLevel = ResponseLevel.II },
        ["natural-disaster"] = new() { SuggestedLevel = ResponseLevel.II },
        ["business-problem"] = new() { SuggestedLevel = ResponseLevel.III },
        ["customer-complaint"] = new() { SuggestedLevel = ResponseLevel.III },
        ["employee-illness"] = new() { SuggestedLevel = ResponseLevel.IV },
        ["staff-loss"] = new() { SuggestedLevel = ResponseLevel.IV },
        ["equipment-failure"] = new() { SuggestedLevel = ResponseLevel.IV },
        ["other"] = new(),
    };

    public static readonly IReadOnlyList<string> DefaultCommandRoles = ["commander", "deputyCommander", "commsLead", "techLead", "logisticsLead", "recorder"];

    /// <summary>The emergency command's roles ([000 §2.3.2]); null (not configured) means <see cref="DefaultCommandRoles"/>.</summary>
    public string[]? CommandRoles { get; set; }

    public IReadOnlyList<string> EffectiveCommandRoles => CommandRoles ?? DefaultCommandRoles;

    /// <summary>The complaint spike detector (<c>CaseFlow:Emergencies:ComplaintSpike</c>).</summary>
    public ComplaintSpikeOptions ComplaintSpike { get; set; } = new();

    /// <summary>
    /// How often the command must send an update while an emergency runs, by response level ([000 §5.3.2] leaves it
    /// to severity: "by event severity and progress"): I every 30 min, II hourly, III every 4 h, IV daily. A missed
    /// update escalates (<c>CaseFlow.AwaitUpdate</c>).
    /// </summary>
    public Dictionary<ResponseLevel, TimeSpan> Cadence { get; set; } = new()
    {
        [ResponseLevel.I] = TimeSpan.FromMinutes(30),
        [ResponseLevel.II] = TimeSpan.FromHours(1),
        [ResponseLevel.III] = TimeSpan.FromHours(4),
        [ResponseLevel.IV] = TimeSpan.FromDays(1),
    };
}
