using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Drills;

/// <summary>A step of the drill (one of its tasks): who did it, when, how long it took, what they recorded.</summary>
public sealed record DrillStep(string ActivityId, string Title, string? DoneBy, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, string? Outcome, IReadOnlyDictionary<string, object?> Data)
{
    public TimeSpan? Took => CompletedAt - StartedAt;
}

/// <summary>
/// A milestone of the emergency plan the drill ran (the operations standard's limits: response 15 min, initial
/// assessment 1 h, handling plan 2 h, first progress notice 4 h): how long the drill took to reach it against its
/// limit. <see cref="Result"/> is <c>Met</c>, <c>Breached</c> or <c>NotReached</c> (still running when asked).
/// </summary>
public sealed record DrillMilestone(string Name, TimeSpan Limit, DateTimeOffset StartedAt, DateTimeOffset? ReachedAt, string Result)
{
    public TimeSpan? Took => ReachedAt - StartedAt;
}

/// <summary>A drill with its case, its steps, and (when it ran the real plan) the drill emergency and its milestones.</summary>
public sealed record DrillDetails(Case Case, Drill Drill, IReadOnlyList<DrillStep> Steps, Case? PlanRun, Emergency? PlanEmergency, IReadOnlyList<DrillMilestone> Milestones)
{
    /// <summary>What a completed step recorded (e.g. the preparation's place), or null.</summary>
    public string? Recorded(string activityId, string field) =>
        Steps.LastOrDefault(s => s.ActivityId == activityId && s.CompletedAt is not null)?.Data.GetValueOrDefault(field)?.ToString();
}

public sealed class GetDrillHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>By case id or case number.</summary>
    public async Task<DrillDetails> HandleAsync(string idOrNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrNumber);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Cases.AsNoTracking().Where(c => c.Type == CaseType.Drill && (c.Id == idOrNumber || c.Number == idOrNumber)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No drill '{idOrNumber}'.");
        var drill = await db.Drills.AsNoTracking().FirstAsync(d => d.CaseId == found.Id, cancellationToken);
        var tasks = (await db.CaseTasks.AsNoTracking().Where(t => t.CaseId == found.Id).ToListAsync(cancellationToken))
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.CompletedAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var steps = tasks.Select(t => new DrillStep(t.ActivityId, t.Title, t.CompletedBy, t.CreatedAt, t.CompletedAt, t.Outcome, t.Data)).ToList();

        var key = "drill:" + found.Id;
        var planEmergency = await db.Emergencies.AsNoTracking().FirstOrDefaultAsync(e => e.TriggerKey == key, cancellationToken);
        Case? planRun = null;
        var milestones = new List<DrillMilestone>();
        if (planEmergency is not null)
        {
            planRun = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == planEmergency.CaseId, cancellationToken);
            var clocks = await db.SlaClocks.AsNoTracking().Where(s => s.CaseId == planEmergency.CaseId).OrderBy(s => s.DueAt).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            foreach (var sla in clocks)
            {
                var result = sla.StoppedAt is { } stopped ? (stopped <= sla.DueAt ? "Met" : "Breached") : sla.BreachedAt is not null || now > sla.DueAt ? "Breached" : "NotReached";
                milestones.Add(new DrillMilestone(sla.Name, sla.DueAt - sla.StartedAt, sla.StartedAt, sla.StoppedAt, result));
            }
        }

        return new DrillDetails(found, drill, steps, planRun, planEmergency, milestones);
    }
}
