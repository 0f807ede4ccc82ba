namespace CaseFlow.Cases.Features.Cases;

/// <summary>Case intake settings (section <c>CaseFlow:Cases</c>).</summary>
public sealed class CaseOptions
{
    /// <summary>The workflow each case type runs (a published definition id).</summary>
    public Dictionary<string, string> Workflows { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Complaint"] = "complaint-handling",
        ["Inquiry"] = "inquiry-handling",
    };

    /// <summary>Complaint categories (exactly one per complaint); the digest's five, in its order.</summary>
    public List<string> ComplaintCategories { get; set; } = ["product-quality", "service-attitude", "service-process", "price", "other"];

    /// <summary>Inquiry classes: common, complex, special questions.</summary>
    public List<string> InquiryCategories { get; set; } = ["common", "complex", "special"];

    /// <summary>Prefix of case numbers (<c>CF-2026-000123</c>).</summary>
    public string NumberPrefix { get; set; } = "CF";
}
