namespace CaseFlow.Cases.Features.Surveys;

/// <summary>Survey settings (section <c>CaseFlow:Surveys</c>).</summary>
public sealed class SurveyOptions
{
    /// <summary>Where customers reach the public answer page; links read <c>{PublicBaseUrl}/s/{token}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The key survey links are derived from (base64, at least 32 bytes). Empty (default): <c>survey-links.key</c>
    /// in the data folder, created on first use. Changing it breaks the links of pending surveys.
    /// </summary>
    public string? LinkKey { get; set; }
}
