using System.Text.Json.Serialization;

namespace CaseFlow.Server.Api;

/// <summary>
/// A page of a list: the items, the total count and where the page is. <c>totalIsCapped</c> (only sent when true):
/// the list counted no further than <c>total</c> and holds more.
/// </summary>
public sealed record Paged<T>(
    IReadOnlyList<T> Items,
    int Total,
    int Page,
    int PageSize,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool TotalIsCapped = false);

/// <summary>Reads <c>page</c> and <c>pageSize</c> (1-based; page size 1–200, default 25).</summary>
public static class Paging
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public static (int Page, int PageSize) Read(int? page, int? pageSize, CaseFlow.Cases.Features.Common.ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (page is < 1)
            errors.Add("page", "page starts at 1.");
        if (pageSize is < 1 or > MaxPageSize)
            errors.Add("pageSize", $"pageSize is between 1 and {MaxPageSize}.");
        return (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));
    }
}
