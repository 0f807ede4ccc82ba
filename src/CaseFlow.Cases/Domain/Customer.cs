namespace CaseFlow.Cases.Domain;

/// <summary>Customer tiers route work (VIP cases to senior posts) and set notification tone; more may follow.</summary>
public enum CustomerSegment
{
    Regular,
    Vip,
}

/// <summary>A customer: who a case is for and how to reach them for follow-ups and surveys.</summary>
public sealed class Customer
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public CustomerSegment Segment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
