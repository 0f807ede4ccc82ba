using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Drills;

/// <summary>Filters, all optional: a calendar year (by planned date, else by creation) and a scenario.</summary>
public sealed record ListDrills(int? Year = null, string? Scenario = null, int Page = 1, int PageSize = 25);

public sealed record DrillSummary(Case Case, Drill Drill);

public sealed record DrillPage(IReadOnlyList<DrillSummary> Items, int Total, int Page, int PageSize);

/// <summary>Drills, newest first.</summary>
public sealed class ListDrillsHandler(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public async Task<DrillPage> HandleAsync(ListDrills query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = from c in db.Cases.AsNoTracking()
                   join d in db.Drills.AsNoTracking() on c.Id equals d.CaseId
                   select new { Case = c, Drill = d };
        if (!string.IsNullOrWhiteSpace(query.Scenario))
            rows = rows.Where(r => r.Drill.Scenario == query.Scenario.Trim());
        var all = await rows.ToListAsync(cancellationToken);

        // Years are few and drills fewer: filtered here, on the planned date where there is one.
        var filtered = all
            .Where(r => query.Year is not { } year || (r.Drill.PlannedFor ?? r.Drill.CreatedAt).Year == year)
            .OrderByDescending(r => r.Drill.PlannedFor ?? r.Drill.CreatedAt)
            .ToList();
        var items = filtered.Skip((int)Math.Min((long)(page - 1) * size, int.MaxValue)).Take(size).Select(r => new DrillSummary(r.Case, r.Drill)).ToList();
        return new DrillPage(items, filtered.Count, page, size);
    }
}
