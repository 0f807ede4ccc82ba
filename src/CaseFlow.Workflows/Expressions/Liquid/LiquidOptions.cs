namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>Limits applied to every Liquid template (when checked and when rendered). Zero or less disables a limit.</summary>
public sealed class LiquidOptions
{
    /// <summary>Wall-clock budget of one render. Zero or less disables it.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Loop iterations one render may run, over all <c>for</c>/<c>tablerow</c> tags and ranges; also the most items
    /// <c>join</c> and <c>concat</c> may walk or build. Zero disables it.
    /// </summary>
    public int MaxIterations { get; set; } = 100_000;

    /// <summary>Characters a template may have; longer ones are refused before they are parsed.</summary>
    public int MaxTemplateLength { get; set; } = 100_000;

    /// <summary>
    /// How deep block tags (<c>if</c>, <c>for</c>, <c>capture</c>…) and <c>[</c> lookups may nest, and how many filters
    /// one output or tag may chain, and how many <c>and</c>/<c>or</c> one condition may join. DotLiquid parses and
    /// evaluates these recursively, so a hostile template nested thousands deep would overflow the stack.
    /// </summary>
    public int MaxNestingDepth { get; set; } = 100;

    /// <summary>
    /// Characters one render may produce: the rendered text, and every string a filter (<c>append</c>, <c>replace</c>,
    /// <c>join</c>…) or a <c>capture</c> builds on the way.
    /// </summary>
    public int MaxOutputLength { get; set; } = 1_048_576;
}
