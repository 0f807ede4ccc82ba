using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>An emergency a case is linked to, and whether it is still active for that case's customer.</summary>
public sealed record LinkedEmergency(string CaseId, bool Active);

/// <summary>
/// The (real, not drill) emergencies a case is linked to: what <see cref="Activities.HoldForEmergency"/> decides on.
/// Reads only, so a designer's test run may use it too (its made-up case is linked to nothing).
/// </summary>
public sealed class LinkedEmergencies(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public async Task<IReadOnlyList<LinkedEmergency>> OfCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var linked = await (
                from link in db.CaseLinks.AsNoTracking()
                join emergency in db.Emergencies.AsNoTracking() on link.CaseId equals emergency.CaseId
                join owner in db.Cases.AsNoTracking() on emergency.CaseId equals owner.Id
                where link.LinkedCaseId == caseId && !owner.IsDrill
                select new { emergency.CaseId, emergency.TerminatedAt, emergency.Stage })
            .ToListAsync(cancellationToken);
        return [.. linked.OrderBy(l => l.CaseId, StringComparer.Ordinal).Select(l => new LinkedEmergency(l.CaseId, l.TerminatedAt is null && l.Stage != EmergencyStage.Closed))];
    }
}
