using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Cases;

/// <summary>Adds events to a case's timeline; an event whose source id is already there is skipped (a redelivered job).</summary>
public static class Timeline
{
    public static async Task AddOnceAsync(CaseFlowDbContext db, TimelineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        if (db.Timeline.Local.Any(e => e.CaseId == entry.CaseId && e.SourceId == entry.SourceId)
            || await db.Timeline.AnyAsync(e => e.CaseId == entry.CaseId && e.SourceId == entry.SourceId, cancellationToken))
        {
            return;
        }

        db.Timeline.Add(entry);
    }
}
