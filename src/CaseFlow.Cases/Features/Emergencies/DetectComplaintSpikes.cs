using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>
/// Complaints raise the alarm: when <c>ComplaintSpike.Threshold</c> complaints of one category came in within
/// <c>ComplaintSpike.Window</c>, an emergency opens at the warning stage (its workflow routes it to the general
/// manager) and those complaints are linked to it; while it is open, later complaints of that category are linked
/// to it too. Drills never count (D5). Run by the case sweep every minute.
/// </summary>
/// <remarks>
/// Each spike has a trigger key (<c>spike:{category}:{n}</c>, the category's n-th spike), unique in the database, so
/// two sweeps at once (or two nodes) raise one emergency; links are unique per pair.
/// </remarks>
public sealed class DetectComplaintSpikesHandler(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    RaiseEmergencyHandler emergencies,
    IOptions<EmergencyOptions> options,
    TimeProvider clock,
    ILogger<DetectComplaintSpikesHandler>? logger = null)
{
    public const string KeyPrefix = "spike:";

    /// <summary>Links new complaints to open spike emergencies and raises one for each category over the threshold; returns how many were raised.</summary>
    public async Task<int> DetectAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value.ComplaintSpike;
        if (!settings.Enabled || settings.Threshold < 1 || settings.Window <= TimeSpan.Zero)
            return 0;
        var now = clock.GetUtcNow();
        var since = now - settings.Window;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Open spike emergencies take the later complaints of their category.
        var open = await db.Emergencies.AsNoTracking()
            .Where(e => e.TriggerKey != null && e.TriggerKey.StartsWith(KeyPrefix) && e.Stage != EmergencyStage.Closed)
            .Select(e => new { e.CaseId, e.TriggerKey, e.OccurredAt })
            .ToListAsync(cancellationToken);
        var openByCategory = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spike in open)
        {
            var category = CategoryOf(spike.TriggerKey!);
            openByCategory.TryAdd(category, spike.CaseId);
            await LinkAsync(db, spike.CaseId, category, spike.OccurredAt - settings.Window, now, cancellationToken);
        }

        var counts = await Complaints(db, since, now)
            .GroupBy(c => c.Category!)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .Where(g => g.Count >= settings.Threshold)
            .ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var spike in counts.Where(s => !openByCategory.ContainsKey(s.Category)))
        {
            try
            {
                var earlier = await db.Emergencies.CountAsync(e => e.TriggerKey != null && e.TriggerKey.StartsWith(KeyPrefix + spike.Category + ":"), cancellationToken);
                var burst = await Complaints(db, since, now).Where(c => c.Category == spike.Category).OrderBy(c => c.CreatedAt).Select(c => new { c.Id, c.Number, c.CreatedAt }).ToListAsync(cancellationToken);
                await emergencies.HandleAsync(new RaiseEmergency(
                    settings.EventType,
                    $"{burst.Count} complaints of category {spike.Category} within {settings.Window.TotalMinutes:0} minutes ({string.Join(", ", burst.Take(20).Select(c => c.Number))}{(burst.Count > 20 ? ", ..." : "")}).",
                    burst[0].CreatedAt,
                    $"Customers complaining about {spike.Category}",
                    ["customer-service"],
                    Actor.Of(RaiseEmergencyFromCaseHandler.SystemUser))
                {
                    TriggerKey = $"{KeyPrefix}{spike.Category}:{earlier + 1}",
                    LinkedCaseIds = [.. burst.Select(c => c.Id)],
                    LinkReason = $"complaint spike: {spike.Category}",
                }, cancellationToken);
                raised++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One category that cannot raise its emergency (no workflow published) must not hold up the others.
                (logger ?? NullLogger<DetectComplaintSpikesHandler>.Instance).LogError(ex, "The complaint spike of category {Category} could not raise an emergency: {Reason}", spike.Category, ex.Message);
            }
        }

        return raised;
    }

    private static IQueryable<Case> Complaints(CaseFlowDbContext db, DateTimeOffset since, DateTimeOffset until) =>
        db.Cases.AsNoTracking().Where(c => c.Type == CaseType.Complaint && !c.IsDrill && c.Category != null && c.CreatedAt >= since && c.CreatedAt <= until);

    private static string CategoryOf(string key)
    {
        var rest = key[KeyPrefix.Length..];
        var last = rest.LastIndexOf(':');
        return last < 0 ? rest : rest[..last];
    }

    private async Task LinkAsync(CaseFlowDbContext db, string emergencyCaseId, string category, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var unlinked = await Complaints(db, since, now)
            .Where(c => c.Category == category && !db.CaseLinks.Any(l => l.CaseId == emergencyCaseId && l.LinkedCaseId == c.Id))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        foreach (var caseId in unlinked)
        {
            db.CaseLinks.Add(new CaseLink { CaseId = emergencyCaseId, LinkedCaseId = caseId, Reason = $"complaint spike: {category}", LinkedBy = RaiseEmergencyFromCaseHandler.SystemUser, LinkedAt = now });
            // The link and the case's tasks marked as linked, in one transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await TaskCaseFacts.RefreshAsync(db, caseId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Linked by another sweep meanwhile (which marked the tasks).
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }
}
