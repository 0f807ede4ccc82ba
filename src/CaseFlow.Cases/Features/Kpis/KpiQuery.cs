using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Kpis;

/// <summary>A count under a key (a category, channel, status or type).</summary>
public sealed record KpiCount(string Key, int Count);

/// <summary>Cases filed in the period: in all, by type, by category (<c>unclassified</c> when none yet) and by channel (every channel, zeros included).</summary>
public sealed record VolumeKpi(int Total, IReadOnlyList<KpiCount> ByType, IReadOnlyList<KpiCount> ByCategory, IReadOnlyList<KpiCount> ByChannel);

/// <summary>One SLA clock name: how its clocks started in the period stand; <see cref="MetPercent"/> is met among finished (met + breached), null if none finished.</summary>
public sealed record SlaClockKpi(string Clock, int Met, int Breached, int Running, double? MetPercent);

/// <summary>SLA compliance over every clock started in the period (cancelled clocks are left out), and per clock name.</summary>
public sealed record SlaKpi(int Met, int Breached, int Running, double? MetPercent, IReadOnlyList<SlaClockKpi> ByClock);

/// <summary>
/// First-contact resolution: of the complaints filed in the period that reached resolution (status Resolved,
/// FollowUp, Closed or Archived; Redirected ones were never the company's to resolve), the share resolved without
/// escalation, i.e. with no task for the Supervisor role and no transfer.
/// </summary>
public sealed record FirstContactResolutionKpi(int ResolvedComplaints, int WithoutEscalation, double? Percent);

/// <summary>
/// CSAT of the surveys sent in the period: how many were sent and answered, the answers' average score (1–5), the
/// share of answers scoring 4 or 5, and the response rate (answered / sent). Null when there is nothing to divide by.
/// </summary>
public sealed record CsatKpi(int Sent, int Answered, double? AverageScore, double? SatisfiedPercent, double? ResponseRatePercent);

/// <summary>
/// The backlog now (not bounded by the period): cases not yet Closed, Redirected or Archived by status (every open
/// status, zeros included), open tasks, and open tasks past their due time.
/// </summary>
public sealed record BacklogKpi(DateTimeOffset AsOf, int OpenCases, IReadOnlyList<KpiCount> OpenCasesByStatus, int OpenTasks, int OverdueTasks);

/// <summary>The KPIs of the period [<see cref="From"/>, <see cref="To"/>) and the backlog as of now.</summary>
public sealed record KpiReport(DateTimeOffset From, DateTimeOffset To, VolumeKpi Volume, SlaKpi Sla, FirstContactResolutionKpi FirstContactResolution, CsatKpi Csat, BacklogKpi Backlog);

/// <summary>
/// The service centre's KPIs for a period, computed in the database from cases (by intake time), SLA clocks (by start
/// time) and surveys (by sending time). Percentages are 0–100 with one decimal, the average score has two.
/// </summary>
public sealed class KpiQuery(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The period when none is given: the last 30 days up to now.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    /// <summary>Statuses a case reaches only once resolved: the denominator of first-contact resolution.</summary>
    public static readonly IReadOnlyList<CaseStatus> ResolvedStatuses = [CaseStatus.Resolved, CaseStatus.FollowUp, CaseStatus.Closed, CaseStatus.Archived];

    /// <summary>Statuses of finished cases: the backlog counts every other one.</summary>
    public static readonly IReadOnlyList<CaseStatus> FinishedStatuses = [CaseStatus.Closed, CaseStatus.Redirected, CaseStatus.Archived];

    /// <param name="from">Start of the period (inclusive); default <paramref name="to"/> minus <see cref="DefaultPeriod"/>.</param>
    /// <param name="to">End of the period (exclusive); default now.</param>
    /// <param name="cancellationToken">Stops the queries.</param>
    /// <exception cref="ValidationException"><paramref name="from"/> is after <paramref name="to"/> (names <c>from</c>).</exception>
    public async Task<KpiReport> RunAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? (end - DateTimeOffset.MinValue < DefaultPeriod ? DateTimeOffset.MinValue : end - DefaultPeriod);
        if (start > end)
            throw ValidationException.For("from", $"The period starts ({start:O}) after it ends ({end:O}).");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var volume = await VolumeAsync(db, start, end, cancellationToken);
        var sla = await SlaAsync(db, start, end, cancellationToken);
        var fcr = await FirstContactResolutionAsync(db, start, end, cancellationToken);
        var csat = await CsatAsync(db, start, end, cancellationToken);
        var backlog = await BacklogAsync(db, now, cancellationToken);
        return new KpiReport(start, end, volume, sla, fcr, csat, backlog);
    }

    private static async Task<VolumeKpi> VolumeAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Customers' cases: emergencies are the centre's own (their figures are the emergency board's), drills are exercises.
        var cases = db.Cases.AsNoTracking().Where(c => c.Type != CaseType.Emergency && !c.IsDrill && c.CreatedAt >= from && c.CreatedAt < to);
        var byType = await cases.GroupBy(c => c.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byChannel = await cases.GroupBy(c => c.Channel).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byCategory = await cases.GroupBy(c => c.Category).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new VolumeKpi(
            byType.Sum(r => r.Count),
            [.. Enum.GetValues<CaseType>().Where(t => t is not (CaseType.Emergency or CaseType.Drill)).Select(t => new KpiCount(t.ToString(), byType.FirstOrDefault(r => r.Key == t)?.Count ?? 0))],
            [.. byCategory.Select(r => new KpiCount(r.Key ?? "unclassified", r.Count)).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)],
            [.. Enum.GetValues<CaseChannel>().Where(c => c != CaseChannel.Internal).Select(c => new KpiCount(c.ToString(), byChannel.FirstOrDefault(r => r.Key == c)?.Count ?? 0))]);
    }

    private static async Task<SlaKpi> SlaAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.SlaClocks.AsNoTracking()
            .Where(c => c.StartedAt >= from && c.StartedAt < to && c.Status != SlaClockStatus.Cancelled)
            .Where(c => !db.Cases.Any(k => k.Id == c.CaseId && k.IsDrill)) // a drill's deadlines are its score, not the centre's (D5)
            .GroupBy(c => new { c.Name, c.Status })
            .Select(g => new { g.Key.Name, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(IEnumerable<(SlaClockStatus Status, int Count)> counts, SlaClockStatus status) => counts.Where(r => r.Status == status).Sum(r => r.Count);
        var all = rows.Select(r => (r.Status, r.Count)).ToList();
        var byClock = rows.GroupBy(r => r.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var counts = g.Select(r => (r.Status, r.Count)).ToList();
            var met = Count(counts, SlaClockStatus.Met);
            var breached = Count(counts, SlaClockStatus.Breached);
            return new SlaClockKpi(g.Key, met, breached, Count(counts, SlaClockStatus.Running), Percent(met, met + breached));
        });
        var allMet = Count(all, SlaClockStatus.Met);
        var allBreached = Count(all, SlaClockStatus.Breached);
        return new SlaKpi(allMet, allBreached, Count(all, SlaClockStatus.Running), Percent(allMet, allMet + allBreached), [.. byClock]);
    }

    private static async Task<FirstContactResolutionKpi> FirstContactResolutionAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var resolved = ResolvedStatuses.ToList();
        var complaints = db.Cases.AsNoTracking()
            .Where(c => c.Type == CaseType.Complaint && c.CreatedAt >= from && c.CreatedAt < to && resolved.Contains(c.Status));
        var total = await complaints.CountAsync(cancellationToken);
        var firstContact = await complaints
            .Where(c => !db.CaseTasks.Any(t => t.CaseId == c.Id && t.CandidateRole == CaseRoles.Supervisor))
            .Where(c => !db.CaseTransfers.Any(t => t.CaseId == c.Id))
            .CountAsync(cancellationToken);
        return new FirstContactResolutionKpi(total, firstContact, Percent(firstContact, total));
    }

    private static async Task<CsatKpi> CsatAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.Surveys.AsNoTracking()
            .Where(s => s.CreatedAt >= from && s.CreatedAt < to)
            .GroupBy(s => s.Status)
            .Select(g => new { g.Key, Count = g.Count(), ScoreSum = g.Sum(s => s.Score ?? 0), Satisfied = g.Count(s => s.Score >= 4) })
            .ToListAsync(cancellationToken);
        var sent = rows.Sum(r => r.Count);
        var answered = rows.FirstOrDefault(r => r.Key == SurveyStatus.Answered);
        var count = answered?.Count ?? 0;
        double? average = count == 0 ? null : Math.Round((double)answered!.ScoreSum / count, 2, MidpointRounding.AwayFromZero);
        return new CsatKpi(sent, count, average, Percent(answered?.Satisfied ?? 0, count), Percent(count, sent));
    }

    private static async Task<BacklogKpi> BacklogAsync(CaseFlowDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var finished = FinishedStatuses.ToList();
        var open = await db.Cases.AsNoTracking()
            .Where(c => !finished.Contains(c.Status) && c.Type != CaseType.Emergency && !c.IsDrill)
            .GroupBy(c => c.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var openTasks = await db.CaseTasks.AsNoTracking().CountAsync(t => t.Status == CaseTaskStatus.Open && !t.IsDrill, cancellationToken);
        var overdue = await db.CaseTasks.AsNoTracking().CountAsync(t => t.Status == CaseTaskStatus.Open && !t.IsDrill && t.DueAt != null && t.DueAt < now, cancellationToken);
        var byStatus = Enum.GetValues<CaseStatus>().Where(s => !FinishedStatuses.Contains(s))
            .Select(s => new KpiCount(s.ToString(), open.FirstOrDefault(r => r.Key == s)?.Count ?? 0));
        return new BacklogKpi(now, open.Sum(r => r.Count), [.. byStatus], openTasks, overdue);
    }

    private static double? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);
}
