using System.Globalization;
using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Server.Api.Instances;

/// <summary>
/// Reads query values the API binds as text. Binding them as text, not <c>int?</c> or <c>bool?</c>, is what lets a
/// bad value come back as a 400 naming its parameter: the framework's own binding failure names only "body".
/// </summary>
internal static class QueryValues
{
    public static int? Int(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add(field, $"{field} must be a whole number, got '{Shorten(text)}'.");
        return null;
    }

    public static bool? Bool(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (bool.TryParse(text.Trim(), out var value))
            return value;
        errors.Add(field, $"{field} must be true or false, got '{Shorten(text)}'.");
        return null;
    }

    /// <summary>An enum by its name (any case). Numbers and comma lists, which <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would take, are refused.</summary>
    public static TEnum? Enum<TEnum>(string? text, string field, ValidationErrors errors) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var names = System.Enum.GetNames<TEnum>();
        if (names.FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
            return System.Enum.Parse<TEnum>(name);
        errors.Add(field, $"{field} must be one of {string.Join(", ", names)}, got '{Shorten(text)}'.");
        return null;
    }

    /// <summary>
    /// An ISO 8601 instant (no offset means UTC), or a date (<c>2026-01-10</c>) meaning the start of that UTC day, or
    /// with <paramref name="endOfDay"/> the start of the next one (so a <c>to</c> date includes the whole day).
    /// </summary>
    public static DateTimeOffset? Date(string? text, string field, ValidationErrors errors, bool endOfDay = false)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);

        // An unencoded '+' of an offset arrives as a space.
        foreach (var candidate in new[] { trimmed, trimmed.Replace(' ', '+') })
        {
            if (DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                return instant;
        }

        errors.Add(field, $"{field} must be an ISO 8601 date or date-time, got '{Shorten(text)}'.");
        return null;
    }

    /// <summary>How many rows come before a page; a page too far to count is past the end (no overflow).</summary>
    public static int Skip(int page, int pageSize) => (int)Math.Min((long)(page - 1) * pageSize, int.MaxValue);

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
