using System.Globalization;
using System.Text.RegularExpressions;
using DotLiquid;
using DotLiquid.Exceptions;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>A parsed template, or why it does not parse.</summary>
internal sealed record CompiledTemplate(Template? Template, ExpressionSyntaxError? Error);

/// <summary>Parsed templates shared by all renders; emptied when full, as definitions hold a bounded set of templates.</summary>
internal static partial class LiquidTemplateCache
{
    internal const SyntaxCompatibility Syntax = SyntaxCompatibility.DotLiquid22;

    private static readonly CompiledSourceCache<CompiledTemplate> Templates = new(Compile);

    public static CompiledTemplate Get(string source) => Templates.Get(source);

    private static CompiledTemplate Compile(string source)
    {
        try
        {
            var template = Template.Parse(source, Syntax);
            // Keeps renders on different threads from sharing the template's assigns and registers.
            template.MakeThreadSafe();
            return new CompiledTemplate(template, null);
        }
        catch (LiquidException e)
        {
            var (line, column) = Locate(source, e.Message);
            return new CompiledTemplate(null, new ExpressionSyntaxError(line, column, e.Message));
        }
    }

    // DotLiquid reports no positions. Its messages quote the offending tag or variable ("Unknown tag 'endif'",
    // "if tag was never closed", "Variable '{{ x ' was not properly terminated"), which is usually enough to find it.
    private static (int Line, int Column) Locate(string source, string message)
    {
        var index = -1;
        var quoted = QuotedPattern().Match(message);
        if (quoted.Success && quoted.Groups[1].Value.StartsWith("{{", StringComparison.Ordinal))
        {
            index = source.IndexOf(quoted.Groups[1].Value, StringComparison.Ordinal);
        }
        else
        {
            var tag = quoted.Success && message.StartsWith("Unknown tag", StringComparison.Ordinal)
                ? quoted.Groups[1].Value
                : LeadingWordPattern().Match(message).Groups[1].Value;
            if (tag.Length > 0)
            {
                var match = Regex.Match(source, @"\{%-?\s*" + Regex.Escape(tag) + @"\b", RegexOptions.None, TimeSpan.FromSeconds(1));
                index = match.Success ? match.Index : -1;
            }
        }

        if (index < 0)
        {
            return (1, 1);
        }

        var line = 1 + source.AsSpan(0, index).Count('\n');
        var lineStart = source.LastIndexOf('\n', Math.Max(index - 1, 0)) + 1;
        return (line, index - (index > 0 ? lineStart : 0) + 1);
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"^(?:Syntax Error in ')?(\w+)")]
    private static partial Regex LeadingWordPattern();

    internal static string Describe(ExpressionSyntaxError error) =>
        string.Create(CultureInfo.InvariantCulture, $"Liquid error at {error.Line}:{error.Column}: {error.Message}");
}
