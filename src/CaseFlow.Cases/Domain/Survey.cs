namespace CaseFlow.Cases.Domain;

public enum SurveyStatus
{
    Pending,
    Answered,
    Expired,
}

/// <summary>
/// A satisfaction (CSAT) survey sent for a case. The customer answers at <c>/s/{token}</c>; only the token's SHA-256
/// is stored, the token is single-use and expires at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class Survey
{
    public required string Id { get; set; }
    public string? CaseId { get; set; }
    public required string WorkflowInstanceId { get; set; }
    public required string TokenHash { get; set; }
    public SurveyStatus Status { get; set; }

    /// <summary>1 (very dissatisfied) to 5 (very satisfied).</summary>
    public int? Score { get; set; }

    public string? Comment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RemindAt { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public long Revision { get; set; }
}
