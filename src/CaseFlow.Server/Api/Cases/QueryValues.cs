using System.Globalization;
using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Server.Api.Cases;

/// <summary>
/// Reads query-string values the API's own way: bound as text and parsed here, so a bad value becomes a 400 naming
/// its parameter (model binding would answer a bare "failed to bind" without the field).
/// </summary>
internal static class QueryValues
{
    /// <summary>An enum by name, case-insensitive; numbers and unknown names are refused.</summary>
    public static T? Enum<T>(string? value, string field, ValidationErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var text = value.Trim();
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !char.IsAsciiDigit(text[0]) && text[0] != '-')
            return parsed;
        errors.Add(field, $"'{value}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
        return null;
    }

    /// <summary>
    /// An instant (ISO 8601; UTC unless it has an offset) or a date (<c>yyyy-MM-dd</c>, UTC). As an upper bound
    /// (<paramref name="endOfDay"/>) a date means the end of that day, so <c>createdTo=2026-01-31</c> includes the 31st.
    /// </summary>
    public static DateTimeOffset? Time(string? value, string field, ValidationErrors errors, bool endOfDay = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var text = value.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return !endOfDay ? start : date == DateOnly.MaxValue ? DateTimeOffset.MaxValue : start.AddDays(1);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.ToUniversalTime();
        errors.Add(field, $"'{value}' is not a date (yyyy-MM-dd) or an ISO 8601 time.");
        return null;
    }

    /// <summary><c>page</c> and <c>pageSize</c> as <see cref="Paging"/> reads them, with non-numbers refused by name.</summary>
    public static (int Page, int PageSize) Paging(string? page, string? pageSize, ValidationErrors errors) =>
        Api.Paging.Read(Int(page, "page", errors), Int(pageSize, "pageSize", errors), errors);

    private static int? Int(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            return number;
        errors.Add(field, $"'{value}' is not a whole number.");
        return null;
    }
}
