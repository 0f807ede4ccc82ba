using System.Collections;
using System.Text;
using DotLiquid;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>
/// Replaces DotLiquid's standard filters that can build large strings or walk long lists, on CaseFlow's renders only
/// (added to each render's context). Each checks the size of what it would build against <see cref="LiquidLimits"/>
/// before building it (and <c>join</c>/<c>concat</c> walk at most the item limit), then does what the standard filter does: doubling a string with <c>append</c> forty times faults
/// at the output limit instead of allocating gigabytes.
/// </summary>
/// <remarks>Names and parameter counts match <see cref="StandardFilters"/>, which is how DotLiquid lets them replace those.</remarks>
public static class LiquidFilters
{
    public static string Append(string input, string @string)
    {
        LiquidLimits.CheckLength((long)(input?.Length ?? 0) + (@string?.Length ?? 0));
        return StandardFilters.Append(input!, @string!);
    }

    public static string Prepend(string input, string @string)
    {
        LiquidLimits.CheckLength((long)(input?.Length ?? 0) + (@string?.Length ?? 0));
        return StandardFilters.Prepend(input!, @string!);
    }

    public static string Replace(Context context, string input, string @string, string replacement = "")
    {
        if (!string.IsNullOrEmpty(input) && !string.IsNullOrEmpty(@string))
        {
            var growth = (long)(replacement?.Length ?? 0) - @string.Length;
            if (growth > 0)
            {
                LiquidLimits.CheckLength(input.Length + (Occurrences(input, @string) * growth));
            }
        }

        return StandardFilters.Replace(context, input!, @string!, replacement!);
    }

    public static string ReplaceFirst(Context context, string input, string @string, string replacement = "")
    {
        LiquidLimits.CheckLength((long)(input?.Length ?? 0) + (replacement?.Length ?? 0));
        return StandardFilters.ReplaceFirst(context, input!, @string!, replacement!);
    }

    public static string? Join(IEnumerable input, string glue = " ")
    {
        if (input is null)
        {
            return null;
        }

        var builder = new StringBuilder();
        var first = true;
        foreach (var item in LiquidLimits.Items(input))
        {
            var text = item?.ToString() ?? string.Empty;
            var separator = first ? 0 : glue?.Length ?? 0;
            LiquidLimits.CheckLength((long)builder.Length + separator + text.Length);
            if (!first)
            {
                builder.Append(glue);
            }

            builder.Append(text);
            first = false;
        }

        return builder.ToString();
    }

    /// <summary>Bounded in items, and in the text its strings add up to: concat is the one filter that grows a list.</summary>
    public static IEnumerable? Concat(IEnumerable left, IEnumerable right)
    {
        if (left is null || right is null)
        {
            return left ?? right;
        }

        var items = LiquidLimits.Items(left);
        items.AddRange(LiquidLimits.Items(right));
        _ = LiquidLimits.Items(items);
        long text = 0;
        foreach (var item in items)
        {
            text += item is string s ? s.Length : 0;
        }

        LiquidLimits.CheckLength(text);
        return items;
    }

    public static string Escape(string input) => Checked(StandardFilters.Escape(input));

    public static string EscapeOnce(string input) => Checked(StandardFilters.EscapeOnce(input));

    public static string H(string input) => Checked(StandardFilters.H(input));

    public static string UrlEncode(string input) => Checked(StandardFilters.UrlEncode(input));

    public static string NewlineToBr(string input) => Checked(StandardFilters.NewlineToBr(input));

    public static string Base64Encode(string input) => Checked(StandardFilters.Base64Encode(input));

    public static string Base64UrlSafeEncode(string input) => Checked(StandardFilters.Base64UrlSafeEncode(input));

    private static string Checked(string output)
    {
        LiquidLimits.CheckLength(output?.Length ?? 0);
        return output!;
    }

    private static long Occurrences(string input, string value)
    {
        long count = 0;
        for (var i = input.IndexOf(value, StringComparison.Ordinal); i >= 0; i = input.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
