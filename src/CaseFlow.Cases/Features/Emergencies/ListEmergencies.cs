using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>Filters, all optional: <see cref="Active"/> true leaves out closed ones; drills are left out unless <see cref="Drills"/> is true (or null: both).</summary>
public sealed record ListEmergencies(EmergencyStage? Stage = null, ResponseLevel? Level = null, bool? Active = null, bool? Drills = false, int Page = 1, int PageSize = 25);

public sealed record EmergencySummary(Case Case, Emergency Emergency);

public sealed record EmergencyPage(IReadOnlyList<EmergencySummary> Items, int Total, int Page, int PageSize);

/// <summary>Emergencies, most severe first (red, then level I to IV, unassessed ones with the suggested level), then newest.</summary>
public sealed class ListEmergenciesHandler(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public async Task<EmergencyPage> HandleAsync(ListEmergencies query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = from c in db.Cases.AsNoTracking()
                   join e in db.Emergencies.AsNoTracking() on c.Id equals e.CaseId
                   select new { Case = c, Emergency = e };
        if (query.Stage is { } stage)
            rows = rows.Where(r => r.Emergency.Stage == stage);
        if (query.Level is { } level)
            rows = rows.Where(r => r.Emergency.Level == level);
        if (query.Active is { } active)
            rows = active ? rows.Where(r => r.Emergency.Stage != EmergencyStage.Closed) : rows.Where(r => r.Emergency.Stage == EmergencyStage.Closed);
        if (query.Drills is { } drills)
            rows = rows.Where(r => r.Case.IsDrill == drills);
        var total = await rows.CountAsync(cancellationToken);

        // Levels are stored as their names, which sort as the levels do: "I" < "II" < "III" < "IV".
        var items = await rows
            .OrderByDescending(r => r.Emergency.Red)
            .ThenBy(r => (r.Emergency.Level ?? r.Emergency.SuggestedLevel) == null)
            .ThenBy(r => r.Emergency.Level ?? r.Emergency.SuggestedLevel)
            .ThenByDescending(r => r.Case.CreatedAt)
            .Skip((int)Math.Min((long)(page - 1) * size, int.MaxValue)).Take(size)
            .ToListAsync(cancellationToken);
        return new EmergencyPage([.. items.Select(r => new EmergencySummary(r.Case, r.Emergency))], total, page, size);
    }
}
