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

/// <summary>
/// The CSAT of the surveys sent in one bucket of the period (a UTC day, a week from Monday or a month, whichever
/// <see cref="CsatTrendKpi.Bucket"/> says), cut to the period at its ends.
/// </summary>
public sealed record CsatPoint(DateTimeOffset Start, int Sent, int Answered, double? AverageScore);

/// <summary>CSAT over the period: days up to 62 days, then weeks up to 104 weeks, then months; every bucket listed, empty ones included.</summary>
public sealed record CsatTrendKpi(string Bucket, IReadOnlyList<CsatPoint> Points);

/// <summary>
/// A category's complaints filed in the period against the period of the same length just before it, and the change
/// in percent (null when there were none before).
/// </summary>
public sealed record HotSpotKpi(string Category, int Count, int PreviousCount, double? ChangePercent);

/// <summary>
/// One emergency milestone (an <c>emergency.*</c> SLA clock: response 15 min, assessment 1 h, plan 2 h, first notice
/// 4 h) over the emergencies of a level: how many were met, breached or still running, and the median time to
/// reach it in minutes over those reached.
/// </summary>
public sealed record MilestoneKpi(string Clock, double LimitMinutes, int Met, int Breached, int Running, double? MedianMinutes);

/// <summary>Emergencies of one level (<c>I</c>–<c>IV</c>, <c>unassessed</c> while in warning) raised in the period: how many, how many still open, and their milestones.</summary>
public sealed record EmergencyLevelKpi(string Level, int Count, int Active, IReadOnlyList<MilestoneKpi> Milestones);

/// <summary>Emergencies raised in the period by level (every level listed, zeros included).</summary>
public sealed record EmergenciesKpi(int Total, IReadOnlyList<EmergencyLevelKpi> ByLevel);

/// <summary>
/// A drill filed in the period and its score: of the emergency plan's milestones its plan run started, how many were
/// reached in time. A tabletop drill (no plan run) or one whose run started none has no score.
/// </summary>
public sealed record DrillScoreKpi(string CaseId, string Number, string Scenario, string Kind, string Status, DateTimeOffset CreatedAt, int MilestonesMet, int Milestones, double? ScorePercent);

/// <summary>
/// The KPIs of the period [<see cref="From"/>, <see cref="To"/>) and the backlog as of now. Drills are left out of
/// every figure unless <see cref="IncludesDrills"/>; <see cref="Drills"/> lists them either way.
/// </summary>
public sealed record KpiReport(
    DateTimeOffset From,
    DateTimeOffset To,
    bool IncludesDrills,
    VolumeKpi Volume,
    SlaKpi Sla,
    FirstContactResolutionKpi FirstContactResolution,
    CsatKpi Csat,
    CsatTrendKpi CsatTrend,
    BacklogKpi Backlog,
    IReadOnlyList<KpiCount> BacklogAgeing,
    IReadOnlyList<HotSpotKpi> HotSpots,
    EmergenciesKpi Emergencies,
    IReadOnlyList<DrillScoreKpi> Drills);

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
    /// <param name="includeDrills">Count drill cases, drill emergencies and their clocks and tasks too (a drill's figures are otherwise its score only).</param>
    /// <param name="cancellationToken">Stops the queries.</param>
    /// <exception cref="ValidationException"><paramref name="from"/> is after <paramref name="to"/> (names <c>from</c>).</exception>
    public async Task<KpiReport> RunAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, bool includeDrills = false, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var (start, end) = Period(from, to, now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var volume = await VolumeAsync(db, start, end, includeDrills, cancellationToken);
        var sla = await SlaAsync(db, start, end, includeDrills, cancellationToken);
        var fcr = await FirstContactResolutionAsync(db, start, end, cancellationToken);
        var csat = await CsatAsync(db, start, end, cancellationToken);
        var trend = await CsatTrendAsync(db, start, end, cancellationToken);
        var backlog = await BacklogAsync(db, now, includeDrills, cancellationToken);
        var ageing = await BacklogAgeingAsync(db, now, includeDrills, cancellationToken);
        var hotSpots = await HotSpotsAsync(db, start, end, cancellationToken);
        var emergencies = await EmergenciesAsync(db, start, end, includeDrills, cancellationToken);
        var drills = await DrillScoresAsync(db, start, end, cancellationToken);
        return new KpiReport(start, end, includeDrills, volume, sla, fcr, csat, trend, backlog, ageing, hotSpots, emergencies, drills);
    }

    /// <summary>
    /// A report's period [from, to): to defaults to now, from to <see cref="DefaultPeriod"/> before to (or the beginning
    /// of time when that is nearer).
    /// </summary>
    /// <exception cref="ValidationException">The period starts after it ends (names <c>from</c>).</exception>
    public static (DateTimeOffset From, DateTimeOffset To) Period(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var end = to ?? now;
        var start = from ?? (end - DateTimeOffset.MinValue < DefaultPeriod ? DateTimeOffset.MinValue : end - DefaultPeriod);
        if (start > end)
            throw ValidationException.For("from", $"The period starts ({start:O}) after it ends ({end:O}).");
        return (start, end);
    }

    /// <summary>The backlog's age buckets, by time since intake: the keys in order, each up to (not including) its bound.</summary>
    public static readonly IReadOnlyList<(string Key, TimeSpan? Under)> AgeBuckets =
    [
        ("under1d", TimeSpan.FromDays(1)),
        ("1to3d", TimeSpan.FromDays(3)),
        ("3to7d", TimeSpan.FromDays(7)),
        ("7to30d", TimeSpan.FromDays(30)),
        ("over30d", null),
    ];

    /// <summary>How many categories <see cref="KpiReport.HotSpots"/> lists at most.</summary>
    public const int HotSpotCount = 10;

    private static async Task<VolumeKpi> VolumeAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, bool includeDrills, CancellationToken cancellationToken)
    {
        // Customers' cases: emergencies are the centre's own (their figures are the emergency board's), drills are exercises.
        var cases = db.Cases.AsNoTracking().Where(c => c.Type != CaseType.Emergency && (includeDrills || !c.IsDrill) && c.CreatedAt >= from && c.CreatedAt < to);
        var byType = await cases.GroupBy(c => c.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byChannel = await cases.GroupBy(c => c.Channel).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byCategory = await cases.GroupBy(c => c.Category).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new VolumeKpi(
            byType.Sum(r => r.Count),
            [.. Enum.GetValues<CaseType>().Where(t => t != CaseType.Emergency && (includeDrills || t != CaseType.Drill)).Select(t => new KpiCount(t.ToString(), byType.FirstOrDefault(r => r.Key == t)?.Count ?? 0))],
            [.. byCategory.Select(r => new KpiCount(r.Key ?? "unclassified", r.Count)).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)],
            [.. Enum.GetValues<CaseChannel>().Where(c => c != CaseChannel.Internal).Select(c => new KpiCount(c.ToString(), byChannel.FirstOrDefault(r => r.Key == c)?.Count ?? 0))]);
    }

    private static async Task<SlaKpi> SlaAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, bool includeDrills, CancellationToken cancellationToken)
    {
        var rows = await db.SlaClocks.AsNoTracking()
            .Where(c => c.StartedAt >= from && c.StartedAt < to && c.Status != SlaClockStatus.Cancelled)
            .Where(c => includeDrills || !db.Cases.Any(k => k.Id == c.CaseId && k.IsDrill)) // a drill's deadlines are its score, not the centre's (D5)
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

    private static IQueryable<Case> OpenCases(CaseFlowDbContext db, bool includeDrills)
    {
        var finished = FinishedStatuses.ToList();
        return db.Cases.AsNoTracking().Where(c => !finished.Contains(c.Status) && c.Type != CaseType.Emergency && (includeDrills || !c.IsDrill));
    }

    private static async Task<BacklogKpi> BacklogAsync(CaseFlowDbContext db, DateTimeOffset now, bool includeDrills, CancellationToken cancellationToken)
    {
        var open = await OpenCases(db, includeDrills)
            .GroupBy(c => c.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var tasks = db.CaseTasks.AsNoTracking().Where(t => t.Status == CaseTaskStatus.Open && (includeDrills || !t.IsDrill));
        var openTasks = await tasks.CountAsync(cancellationToken);
        var overdue = await tasks.CountAsync(t => t.DueAt != null && t.DueAt < now, cancellationToken);
        var byStatus = Enum.GetValues<CaseStatus>().Where(s => !FinishedStatuses.Contains(s))
            .Select(s => new KpiCount(s.ToString(), open.FirstOrDefault(r => r.Key == s)?.Count ?? 0));
        return new BacklogKpi(now, open.Sum(r => r.Count), [.. byStatus], openTasks, overdue);
    }

    private static async Task<IReadOnlyList<KpiCount>> BacklogAgeingAsync(CaseFlowDbContext db, DateTimeOffset now, bool includeDrills, CancellationToken cancellationToken)
    {
        // Counted as "younger than each bound" (one indexed range each), then differenced into the buckets.
        var open = OpenCases(db, includeDrills);
        var total = await open.CountAsync(cancellationToken);
        var result = new List<KpiCount>();
        var below = 0;
        foreach (var (key, under) in AgeBuckets)
        {
            var upTo = under is { } age ? await open.CountAsync(c => c.CreatedAt > now - age, cancellationToken) : total;
            result.Add(new KpiCount(key, upTo - below));
            below = upTo;
        }

        return result;
    }

    private static async Task<CsatTrendKpi> CsatTrendAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var surveys = await db.Surveys.AsNoTracking()
            .Where(s => s.CreatedAt >= from && s.CreatedAt < to)
            .Select(s => new { s.CreatedAt, Answered = s.Status == SurveyStatus.Answered, s.Score })
            .ToListAsync(cancellationToken);
        var length = to - from;
        var bucket = length <= TimeSpan.FromDays(62) ? "day" : length <= TimeSpan.FromDays(7 * 104) ? "week" : "month";
        DateTimeOffset StartOf(DateTimeOffset at)
        {
            var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
            return bucket switch
            {
                "day" => day,
                "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
                _ => new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero),
            };
        }

        // At the end of time there is no next bucket (a period "to 9999-12-31" reaches it).
        DateTimeOffset Next(DateTimeOffset start) =>
            DateTimeOffset.MaxValue - start < TimeSpan.FromDays(bucket switch { "day" => 1, "week" => 7, _ => 31 }) ? DateTimeOffset.MaxValue
            : bucket switch { "day" => start.AddDays(1), "week" => start.AddDays(7), _ => start.AddMonths(1) };

        var byBucket = surveys.GroupBy(s => StartOf(s.CreatedAt)).ToDictionary(g => g.Key);
        var points = new List<CsatPoint>();
        var longer = length > TimeSpan.FromDays(3660);
        if (surveys.Count > 0 || !longer)
        {
            // Every bucket from the first to the last, so a chart's gaps are real; a period of more than ten years starts at its first survey.
            var first = StartOf(longer ? surveys.Min(s => s.CreatedAt) : from);
            for (var start = first; start < to && points.Count < 1000; start = Next(start))
            {
                var answered = byBucket.TryGetValue(start, out var g) ? g.Where(s => s.Answered).ToList() : [];
                double? average = answered.Count == 0 ? null : Math.Round(answered.Average(s => (double)(s.Score ?? 0)), 2, MidpointRounding.AwayFromZero);
                points.Add(new CsatPoint(start < from ? from : start, g?.Count() ?? 0, answered.Count, average));
            }
        }

        return new CsatTrendKpi(bucket, points);
    }

    private static async Task<IReadOnlyList<HotSpotKpi>> HotSpotsAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        async Task<Dictionary<string, int>> CountAsync(DateTimeOffset start, DateTimeOffset end) =>
            (await db.Cases.AsNoTracking()
                .Where(c => c.Type == CaseType.Complaint && !c.IsDrill && c.CreatedAt >= start && c.CreatedAt < end)
                .GroupBy(c => c.Category)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.Key ?? "unclassified", r => r.Count, StringComparer.Ordinal);

        var now = await CountAsync(from, to);
        var length = to - from;
        var before = from - DateTimeOffset.MinValue >= length ? await CountAsync(from - length, from) : [];
        return [.. now.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(HotSpotCount).Select(r =>
        {
            var previous = before.GetValueOrDefault(r.Key);
            double? change = previous == 0 ? null : Math.Round(100.0 * (r.Value - previous) / previous, 1, MidpointRounding.AwayFromZero);
            return new HotSpotKpi(r.Key, r.Value, previous, change);
        })];
    }

    private static async Task<EmergenciesKpi> EmergenciesAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, bool includeDrills, CancellationToken cancellationToken)
    {
        var emergencies = await (
            from c in db.Cases.AsNoTracking()
            join e in db.Emergencies.AsNoTracking() on c.Id equals e.CaseId
            where c.Type == CaseType.Emergency && (includeDrills || !c.IsDrill) && c.CreatedAt >= @from && c.CreatedAt < to
            select new { c.Id, e.Level, e.Stage }).ToListAsync(cancellationToken);
        var ids = emergencies.Select(e => e.Id).ToList();
        var clocks = ids.Count == 0 ? [] : await db.SlaClocks.AsNoTracking()
            .Where(s => s.CaseId != null && ids.Contains(s.CaseId) && s.Name.StartsWith("emergency.") && s.Status != SlaClockStatus.Cancelled)
            .Select(s => new { CaseId = s.CaseId!, s.Name, s.StartedAt, s.DueAt, s.StoppedAt, s.Status })
            .ToListAsync(cancellationToken);
        var clockNames = clocks.GroupBy(c => c.Name, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Limit: g.Max(c => (c.DueAt - c.StartedAt).TotalMinutes)))
            .OrderBy(c => c.Limit).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var byCase = clocks.ToLookup(c => c.CaseId, StringComparer.Ordinal);

        var levels = new List<EmergencyLevelKpi>();
        foreach (var level in Enum.GetValues<ResponseLevel>().Select(l => (ResponseLevel?)l).Append(null))
        {
            var of = emergencies.Where(e => e.Level == level).ToList();
            var levelClocks = of.SelectMany(e => byCase[e.Id]).ToList();
            var milestones = clockNames.Select(n =>
            {
                var named = levelClocks.Where(c => c.Name == n.Name).ToList();
                var reached = named.Where(c => c.StoppedAt is not null).Select(c => (c.StoppedAt!.Value - c.StartedAt).TotalMinutes).Order().ToList();
                var met = named.Count(c => c.StoppedAt is { } stopped && stopped <= c.DueAt);
                var running = named.Count(c => c.StoppedAt is null && c.Status == SlaClockStatus.Running);
                return new MilestoneKpi(n.Name, Math.Round(n.Limit, 1), met, named.Count - met - running, running, Median(reached));
            }).ToList();
            levels.Add(new EmergencyLevelKpi(level?.ToString() ?? "unassessed", of.Count, of.Count(e => e.Stage != EmergencyStage.Closed), milestones));
        }

        return new EmergenciesKpi(emergencies.Count, levels);
    }

    private static async Task<IReadOnlyList<DrillScoreKpi>> DrillScoresAsync(CaseFlowDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var drills = await (
            from c in db.Cases.AsNoTracking()
            join d in db.Drills.AsNoTracking() on c.Id equals d.CaseId
            where c.CreatedAt >= @from && c.CreatedAt < to
            orderby c.CreatedAt, c.Number
            select new { c.Id, c.Number, d.Scenario, d.Kind, c.Status, c.CreatedAt }).ToListAsync(cancellationToken);
        if (drills.Count == 0)
            return [];

        // A drill's plan run is the drill emergency it raised (trigger drill:{case id}); its milestones are that run's clocks (D5).
        var keys = drills.Select(d => "drill:" + d.Id).ToList();
        var clocks = await (
            from e in db.Emergencies.AsNoTracking()
            join s in db.SlaClocks.AsNoTracking() on e.CaseId equals s.CaseId
            where e.TriggerKey != null && keys.Contains(e.TriggerKey) && s.Status != SlaClockStatus.Cancelled
            select new { e.TriggerKey, s.DueAt, s.StoppedAt }).ToListAsync(cancellationToken);
        var byDrill = clocks.ToLookup(c => c.TriggerKey!, StringComparer.Ordinal);
        return [.. drills.Select(d =>
        {
            var milestones = byDrill["drill:" + d.Id].ToList();
            var met = milestones.Count(m => m.StoppedAt is { } stopped && stopped <= m.DueAt);
            return new DrillScoreKpi(d.Id, d.Number, d.Scenario, d.Kind.ToString(), d.Status.ToString(), d.CreatedAt, met, milestones.Count, Percent(met, milestones.Count));
        })];
    }

    private static double? Median(List<double> sorted) =>
        sorted.Count == 0 ? null
        : Math.Round(sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2, 1, MidpointRounding.AwayFromZero);

    private static double? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);
}
