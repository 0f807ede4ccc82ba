using System.Globalization;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>
/// A linear pre-scan run before DotLiquid sees a template. DotLiquid parses blocks, <c>[</c> lookups and
/// <c>and</c>/<c>or</c> chains recursively, so a template nested 20,000 deep overflows the stack and ends the process
/// (a stack overflow cannot be caught). Anything deeper or longer than <see cref="LiquidOptions"/> allows is refused here,
/// with the limit named and the place of the offending tag.
/// </summary>
internal static class LiquidTemplateGuard
{
    // Tags whose body DotLiquid parses as a nested block. Raw-like ones (raw, comment, literal) hold text only.
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "if", "unless", "case", "for", "tablerow", "capture", "ifchanged", "block",
    };

    private static readonly HashSet<string> RawBlocks = new(StringComparer.Ordinal) { "raw", "comment", "literal" };

    // Nesting first: it names the real problem of a deep template (the attack is also longer than the length
    // limit), and the scan is linear, whatever the length.
    public static ExpressionSyntaxError? Check(string source, LiquidOptions options) => CheckNesting(source, options) ?? CheckLength(source, options);

    private static ExpressionSyntaxError? CheckLength(string source, LiquidOptions options)
    {
        if (options.MaxTemplateLength > 0 && source.Length > options.MaxTemplateLength)
        {
            return new ExpressionSyntaxError(1, 1, Invariant($"Liquid template is longer than the limit of {options.MaxTemplateLength} characters ({source.Length})"));
        }

        return null;
    }

    private static ExpressionSyntaxError? CheckNesting(string source, LiquidOptions options)
    {
        var maxDepth = options.MaxNestingDepth;
        if (maxDepth <= 0 || source.IndexOf('{') < 0)
        {
            return null;
        }

        var depth = 0;
        var i = 0;
        while (i < source.Length - 1)
        {
            var start = source.IndexOf('{', i);
            if (start < 0 || start == source.Length - 1)
            {
                break;
            }

            var next = source[start + 1];
            if (next == '{')
            {
                var end = source.IndexOf("}}", start + 2, StringComparison.Ordinal);
                var close = end < 0 ? source.Length : end;
                if (CheckMarkup(source, start, start + 2, close, maxDepth, isCondition: false) is { } error)
                {
                    return error;
                }

                i = end < 0 ? source.Length : end + 2;
            }
            else if (next == '%')
            {
                var end = source.IndexOf("%}", start + 2, StringComparison.Ordinal);
                var close = end < 0 ? source.Length : end;
                var name = TagName(source, start + 2, close, out var markupStart);
                i = end < 0 ? source.Length : end + 2;
                if (RawBlocks.Contains(name))
                {
                    i = SkipRaw(source, i, "end" + name);
                    continue;
                }

                if (Blocks.Contains(name) && ++depth > maxDepth)
                {
                    return At(source, start, Invariant($"Liquid template nests deeper than {maxDepth} blocks"));
                }

                if (name.StartsWith("end", StringComparison.Ordinal) && depth > 0)
                {
                    depth--;
                }

                var isCondition = name is "if" or "elsif" or "elseif" or "unless" or "when";
                if (CheckMarkup(source, start, markupStart, close, maxDepth, isCondition) is { } error)
                {
                    return error;
                }
            }
            else
            {
                i = start + 1;
            }
        }

        return null;
    }

    private static string TagName(string source, int from, int to, out int markupStart)
    {
        var p = from;
        while (p < to && (source[p] == '-' || char.IsWhiteSpace(source[p])))
        {
            p++;
        }

        var nameStart = p;
        while (p < to && (char.IsLetterOrDigit(source[p]) || source[p] == '_'))
        {
            p++;
        }

        markupStart = p;
        return source[nameStart..p];
    }

    // Past the closing tag of a raw block ({% endraw %}), or the end of the template when it is never closed.
    private static int SkipRaw(string source, int from, string endName)
    {
        var i = from;
        while (true)
        {
            var start = source.IndexOf("{%", i, StringComparison.Ordinal);
            if (start < 0)
            {
                return source.Length;
            }

            var end = source.IndexOf("%}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return source.Length;
            }

            if (TagName(source, start + 2, end, out _) == endName)
            {
                return end + 2;
            }

            i = start + 2;
        }
    }

    // Filters chained with '|', '[' lookups nested in one another, and and/or joined in a condition: each is a step
    // of DotLiquid's recursion (or a long loop), so each is bounded by the same limit. Counting every '|' and every
    // "and"/"or" word, also inside quotes, errs on the side of refusing, far above what real templates use.
    private static ExpressionSyntaxError? CheckMarkup(string source, int tagStart, int from, int to, int max, bool isCondition)
    {
        int filters = 0, brackets = 0, clauses = 0;
        for (var p = from; p < to; p++)
        {
            switch (source[p])
            {
                case '|':
                    if (++filters > max)
                    {
                        return At(source, tagStart, Invariant($"Liquid template chains more than {max} filters in one tag"));
                    }

                    break;
                case '[':
                    if (++brackets > max)
                    {
                        return At(source, tagStart, Invariant($"Liquid template nests deeper than {max} [ ] lookups"));
                    }

                    break;
                case ']':
                    if (brackets > 0)
                    {
                        brackets--;
                    }

                    break;
                case 'a' or 'o' when isCondition && IsWord(source, p, to, out var length):
                    if (++clauses > max)
                    {
                        return At(source, tagStart, Invariant($"Liquid condition joins more than {max} and/or clauses"));
                    }

                    p += length - 1;
                    break;
            }
        }

        return null;
    }

    private static bool IsWord(string source, int p, int to, out int length)
    {
        length = source[p] == 'a' ? 3 : 2;
        var word = length == 3 ? "and" : "or";
        return p + length <= to
            && string.CompareOrdinal(source, p, word, 0, length) == 0
            && (p == 0 || !IsIdentifier(source[p - 1]))
            && (p + length == source.Length || !IsIdentifier(source[p + length]));
    }

    private static bool IsIdentifier(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';

    private static ExpressionSyntaxError At(string source, int index, string message)
    {
        var line = 1 + source.AsSpan(0, index).Count('\n');
        var lineStart = index == 0 ? 0 : source.LastIndexOf('\n', index - 1) + 1;
        return new ExpressionSyntaxError(line, index - lineStart + 1, message);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
