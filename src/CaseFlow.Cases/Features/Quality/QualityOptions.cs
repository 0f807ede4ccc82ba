namespace CaseFlow.Cases.Features.Quality;

/// <summary>Quality assurance (<c>CaseFlow:Quality</c>).</summary>
public sealed class QualityOptions
{
    public const string SectionName = "CaseFlow:Quality";

    /// <summary>
    /// How many findings within <see cref="RepeatedWindow"/> count as repeated and bring the agent's supervisor in to
    /// choose an interview, training or reassignment ([003 §8.2.3] says only "連續多次", several times in a row): 3.
    /// </summary>
    public int RepeatedFindings { get; set; } = 3;

    /// <summary>The window the findings are counted in: about three monthly checks (92 days).</summary>
    public TimeSpan RepeatedWindow { get; set; } = TimeSpan.FromDays(92);

    /// <summary>The definition each finding starts for the agent's rectification [qa-rectification].</summary>
    public string RectificationWorkflow { get; set; } = "qa-rectification";
}
