using System.Globalization;
using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Server.Api;

/// <summary>
/// The one reader of query-string values for every endpoint. Endpoints bind query values as text and parse them
/// here, so a bad value becomes a 400 naming its parameter (the framework's own binding failure names no field) and
/// no value, however extreme, reaches date arithmetic or the database unchecked.
/// </summary>
internal static class QueryValues
{
    /// <summary>How much of a refused value an error message repeats.</summary>
    private const int Shown = 60;

    public static int? Int(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
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

    /// <summary>An enum by its name (any case). Numbers and comma lists, which <see cref="System.Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would take, are refused.</summary>
    public static TEnum? Enum<TEnum>(string? text, string field, ValidationErrors errors) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var names = System.Enum.GetNames<TEnum>();
        if (names.FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
            return System.Enum.Parse<TEnum>(name);
        errors.Add(field, $"{field} must be one of {string.Join(", ", names.Select(n => n.ToLowerInvariant()))}, got '{Shorten(text)}'.");
        return null;
    }

    /// <summary>
    /// An ISO 8601 instant (no offset means UTC), or a date (<c>yyyy-MM-dd</c>) meaning the start of that UTC day or,
    /// with <paramref name="endOfDay"/>, the start of the next one (so a <c>to</c> date includes the whole day).
    /// Every date DateTimeOffset can hold is accepted: the end of 9999-12-31 is <see cref="DateTimeOffset.MaxValue"/>,
    /// not an overflow; an instant whose UTC time falls outside that range is refused by name.
    /// </summary>
    public static DateTimeOffset? Date(string? text, string field, ValidationErrors errors, bool endOfDay = false)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return !endOfDay ? start : day == DateOnly.MaxValue ? DateTimeOffset.MaxValue : start.AddDays(1);
        }

        // An unencoded '+' of an offset arrives as a space.
        foreach (var candidate in new[] { trimmed, trimmed.Replace(' ', '+') })
        {
            if (DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                return instant.ToUniversalTime();
        }

        errors.Add(field, $"{field} must be a date (yyyy-MM-dd) or an ISO 8601 date-time between 0001-01-01 and 9999-12-31 UTC, got '{Shorten(text)}'.");
        return null;
    }

    /// <summary><c>page</c> and <c>pageSize</c> as <see cref="Api.Paging"/> reads them, with non-numbers refused by name.</summary>
    public static (int Page, int PageSize) Paging(string? page, string? pageSize, ValidationErrors errors) =>
        Api.Paging.Read(Int(page, "page", errors), Int(pageSize, "pageSize", errors), errors);

    /// <summary>How many rows come before a page; a page too far to count is past the end (no overflow).</summary>
    public static int Skip(int page, int pageSize) => (int)Math.Min((long)(page - 1) * pageSize, int.MaxValue);

    private static string Shorten(string text) => text.Length > Shown ? text[..Shown] + "…" : text;
}
