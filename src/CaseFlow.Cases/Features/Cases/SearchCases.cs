using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Cases;

/// <summary>Case search: every filter optional; <see cref="Text"/> matches the number, the customer's name, phone or email, or the description.</summary>
public sealed record SearchCases(
    string? Text = null,
    CaseStatus? Status = null,
    CaseType? Type = null,
    string? Category = null,
    string? Owner = null,
    string? CustomerId = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    int Page = 1,
    int PageSize = 25);

public sealed record CasePage(IReadOnlyList<Case> Items, int Total, int Page, int PageSize);

/// <summary>
/// Finds the cases the searcher may see (<see cref="CaseVisibility"/>), newest first, one page at a time (archived
/// cases included: they stay searchable).
/// </summary>
public sealed class SearchCasesHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, Audit.CustomerDataAudit audit)
{
    public const int MaxPageSize = 200;

    public async Task<CasePage> HandleAsync(SearchCases query, Actor searcher, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(searcher);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cases = db.Cases.AsNoTracking().VisibleTo(db, searcher).Include(c => c.Customer).AsQueryable();
        if (query.Text is { Length: > 0 } text)
        {
            // The search text's own % and _ match themselves (LIKE would read them as wildcards).
            var pattern = LikePattern.Containing(text.Trim());
            cases = cases.Where(c => EF.Functions.Like(c.Number, pattern, LikePattern.EscapeCharacter)
                || EF.Functions.Like(c.Description, pattern, LikePattern.EscapeCharacter)
                || EF.Functions.Like(c.Customer!.Name, pattern, LikePattern.EscapeCharacter)
                || (c.Customer.Phone != null && EF.Functions.Like(c.Customer.Phone, pattern, LikePattern.EscapeCharacter))
                || (c.Customer.Email != null && EF.Functions.Like(c.Customer.Email, pattern, LikePattern.EscapeCharacter)));
        }

        if (query.Status is { } status)
            cases = cases.Where(c => c.Status == status);
        if (query.Type is { } type)
            cases = cases.Where(c => c.Type == type);
        if (query.Category is { Length: > 0 } category)
            cases = cases.Where(c => c.Category == category);
        if (query.Owner is { Length: > 0 } owner)
            cases = cases.Where(c => c.Owner == owner);
        if (query.CustomerId is { Length: > 0 } customer)
            cases = cases.Where(c => c.CustomerId == customer);
        if (query.CreatedFrom is { } from)
            cases = cases.Where(c => c.CreatedAt >= from);
        if (query.CreatedTo is { } to)
            cases = cases.Where(c => c.CreatedAt < to);

        var total = await cases.CountAsync(cancellationToken);
        var items = await cases.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Number)
            .Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        var customers = items.Where(c => c.CustomerId is not null).Select(c => c.CustomerId).Distinct(StringComparer.Ordinal).Count();
        if (customers > 0)
        {
            var asked = string.IsNullOrWhiteSpace(query.Text) ? "" : $" for '{query.Text.Trim()}'";
            await audit.RecordAsync(searcher, "search", null, query.CustomerId, $"{items.Count} cases with {customers} customers shown{asked}", cancellationToken);
        }

        return new CasePage(items, total, page, size);
    }
}
