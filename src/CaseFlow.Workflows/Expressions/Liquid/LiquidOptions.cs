namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>Limits applied to every Liquid render.</summary>
public sealed class LiquidOptions
{
    /// <summary>Wall-clock budget of one render. Zero or less disables it.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Loop iterations one render may run, over all <c>for</c>/<c>tablerow</c> tags. Zero disables it.</summary>
    public int MaxIterations { get; set; } = 100_000;
}
