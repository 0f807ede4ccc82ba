using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>
/// An emergency with its case, its information reports (oldest first), its command and its linked cases;
/// <see cref="NextUpdateDueAt"/>: when the next information report is due by the communications cadence of its level
/// (the emergency workflow's wait for it), null while it waits for none.
/// </summary>
public sealed record EmergencyDetails(Case Case, Emergency Emergency, IReadOnlyList<InformationReport> Reports, IReadOnlyList<CommandRole> Command, IReadOnlyList<CaseLink> Links, DateTimeOffset? NextUpdateDueAt = null);

public sealed class GetEmergencyHandler(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    /// <summary>The case id of the emergency with this id or number.</summary>
    public async Task<string> FindIdAsync(string idOrNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrNumber);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Cases.AsNoTracking().Where(c => c.Type == CaseType.Emergency && (c.Id == idOrNumber || c.Number == idOrNumber)).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No emergency '{idOrNumber}'.");
    }

    /// <summary>By case id or case number.</summary>
    public async Task<EmergencyDetails> HandleAsync(string idOrNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrNumber);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Cases.AsNoTracking().Where(c => c.Type == CaseType.Emergency && (c.Id == idOrNumber || c.Number == idOrNumber)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No emergency '{idOrNumber}'.");
        var emergency = await db.Emergencies.AsNoTracking().FirstAsync(e => e.CaseId == found.Id, cancellationToken);
        var reports = await db.InformationReports.AsNoTracking().Where(r => r.CaseId == found.Id).OrderBy(r => r.Sequence).ToListAsync(cancellationToken);
        var command = await db.CommandRoles.AsNoTracking().Where(r => r.CaseId == found.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var links = await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == found.Id).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        var nextUpdate = await db.Bookmarks.AsNoTracking()
            .Where(b => b.InstanceId == found.WorkflowInstanceId && b.Name == Activities.AwaitUpdate.BookmarkName && b.DueAt != null)
            .MinAsync(b => b.DueAt, cancellationToken);
        return new EmergencyDetails(found, emergency, reports, command, links, nextUpdate);
    }
}
