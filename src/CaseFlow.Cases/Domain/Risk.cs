namespace CaseFlow.Cases.Domain;

/// <summary>The five risk categories of the emergency plan ([000 §3.1]).</summary>
public enum RiskCategory
{
    Technical,
    Operational,
    LegalRegulatory,
    Market,
    Customer,
}

/// <summary>The five risk grades by likelihood and impact ([000 §3.3.2]): 1 negligible to 5 extraordinarily major.</summary>
public enum RiskGrade
{
    Negligible = 1,
    General = 2,
    Significant = 3,
    Major = 4,
    ExtraordinarilyMajor = 5,
}

/// <summary>
/// An entry of the risk register (E21): what could go wrong, its category and grade; the grade decides the strategy
/// (<see cref="RiskStrategies"/>). A significant risk (grade 3) carries its special emergency plan; an extraordinarily
/// major one (grade 5) can activate the emergency plan, which raises an emergency once.
/// </summary>
public sealed class Risk
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public RiskCategory Category { get; set; }
    public RiskGrade Grade { get; set; }

    /// <summary>The special (dedicated) emergency plan a significant risk requires.</summary>
    public string? SpecialPlan { get; set; }

    /// <summary>Who watches it (a person id or user name).</summary>
    public string? Owner { get; set; }

    /// <summary>The emergency its activation raised, if any.</summary>
    public string? EmergencyCaseId { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Revision { get; set; }
}

/// <summary>The strategy each grade calls for ([000 §3.3.3]).</summary>
public static class RiskStrategies
{
    public static string For(RiskGrade grade) => grade switch
    {
        RiskGrade.Negligible => "Strengthen daily monitoring and raise staff awareness.",
        RiskGrade.General => "Improve the emergency plan and raise the capability to respond.",
        RiskGrade.Significant => "Draft a special emergency plan and put in more resources.",
        RiskGrade.Major => "Set up a risk early-warning mechanism and strengthen outside cooperation.",
        RiskGrade.ExtraordinarilyMajor => "Activate the emergency plan: full response.",
        _ => throw new ArgumentOutOfRangeException(nameof(grade)),
    };
}
