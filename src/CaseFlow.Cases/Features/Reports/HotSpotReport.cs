using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Reports;

/// <summary>When a category or a step counts as a hot spot (the sources say "many complaints" without a number).</summary>
public sealed class HotSpotOptions
{
    /// <summary>At least this many complaints in the period.</summary>
    public int MinimumCount { get; set; } = 5;

    /// <summary>And at least this share of the period's complaints.</summary>
    public double MinimumShare { get; set; } = 0.25;
}

public sealed record HotSpotRow(string Key, int Count, double Share, bool IsHotSpot);

/// <summary>Complaints of a period by category and by the steps (task activities) they went through.</summary>
public sealed record HotSpotReport(DateTimeOffset From, DateTimeOffset To, int Complaints, IReadOnlyList<HotSpotRow> ByCategory, IReadOnlyList<HotSpotRow> ByStep);

/// <summary>
/// The complaint hot-spot report (links with many complaints get focused rectification): counts complaints filed in
/// [from, to) by category and by workflow step, and flags the ones over both thresholds.
/// </summary>
public sealed class HotSpotReportQuery(IDbContextFactory<CaseFlowDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<HotSpotOptions> options)
{
    public async Task<HotSpotReport> RunAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaints = db.Cases.AsNoTracking().Where(c => c.Type == CaseType.Complaint && c.CreatedAt >= from && c.CreatedAt < to);
        var total = await complaints.CountAsync(cancellationToken);
        var byCategory = await complaints.GroupBy(c => c.Category ?? "unclassified")
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byStep = await db.CaseTasks.AsNoTracking()
            .Where(t => complaints.Any(c => c.Id == t.CaseId))
            .GroupBy(t => t.ActivityId)
            .Select(g => new { g.Key, Count = g.Select(t => t.CaseId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        return new HotSpotReport(from, to, total, Rows(byCategory.Select(r => (r.Key, r.Count)), total), Rows(byStep.Select(r => (r.Key, r.Count)), total));
    }

    private List<HotSpotRow> Rows(IEnumerable<(string Key, int Count)> counts, int total)
    {
        var settings = options.Value;
        return [.. counts
            .Select(r =>
            {
                var share = total == 0 ? 0 : (double)r.Count / total;
                return new HotSpotRow(r.Key, r.Count, share, r.Count >= settings.MinimumCount && share >= settings.MinimumShare);
            })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }
}
