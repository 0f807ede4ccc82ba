namespace CaseFlow.Cases.Features.Surveys;

/// <summary>Survey settings (section <c>CaseFlow:Surveys</c>).</summary>
public sealed class SurveyOptions
{
    /// <summary>Where customers reach the public answer page; links read <c>{PublicBaseUrl}/s/{token}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}
