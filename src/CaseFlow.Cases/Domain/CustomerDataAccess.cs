namespace CaseFlow.Cases.Domain;

/// <summary>
/// One read of customer data ([002 §5.2–5.3], [003 §1.2.7]; Q9): who looked at which case's customer, or searched
/// cases showing customers, and when. Append-only.
/// </summary>
public sealed class CustomerDataAccess
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }

    /// <summary><c>read</c> (a case with its customer) or <c>search</c> (a page of cases with their customers).</summary>
    public required string Action { get; set; }

    public string? CaseId { get; set; }
    public string? CustomerId { get; set; }
    public string? Detail { get; set; }
}
