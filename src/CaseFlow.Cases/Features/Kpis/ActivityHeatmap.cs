using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Kpis;

/// <summary>Where the heatmap stops reading runs: it reads the newest ones of the period up to this many.</summary>
public sealed class HeatmapOptions
{
    public const string SectionName = "CaseFlow:Heatmap";

    /// <summary>How many runs one heatmap reads at most (the newest of the period); default 5,000.</summary>
    public int MaxRuns { get; set; } = 5_000;
}

/// <summary>
/// What one activity of a definition version did over the runs read: how often it started (<see cref="Executions"/>)
/// and in how many runs; how often it waited (a task, an event, a timer) and for how long on average, counting waits
/// that ended; how many runs wait there now; how often it faulted; how many SLA clocks breached while a run waited
/// there; and the CSAT answers of the cases whose run passed through it.
/// </summary>
public sealed record ActivityHeat(
    string ActivityId,
    int Executions,
    int Runs,
    int Waits,
    double? AverageWaitingSeconds,
    int WaitingNow,
    int Faults,
    int SlaBreaches,
    int CsatAnswers,
    double? CsatAverage);

/// <summary>
/// A definition version's activities over its runs started in [<see cref="From"/>, <see cref="To"/>):
/// <see cref="Runs"/> started, <see cref="Analysed"/> read (the newest, up to <see cref="HeatmapOptions.MaxRuns"/>),
/// the SLA breaches and CSAT answers of the runs read, and the figures per activity.
/// </summary>
public sealed record ActivityHeatmap(
    string DefinitionId,
    int Version,
    DateTimeOffset From,
    DateTimeOffset To,
    bool IncludesDrills,
    int Runs,
    int Analysed,
    int SlaBreaches,
    int CsatAnswers,
    double? CsatAverage,
    IReadOnlyList<ActivityHeat> Activities);

/// <summary>
/// The heatmap of a definition version: folds the stored journals of its runs into per-activity figures. Runs are
/// read newest first in batches, a journal burst at a time, so memory stays flat; an SLA breach is put on the
/// activities the run was waiting at when the clock breached (where the case was stuck), and a case's CSAT on every
/// activity its run passed through. An SLA timer's own wait (it runs beside the work until the deadline) is not
/// waiting: it would make every clock the hottest activity of the map. Drill runs are left out unless asked for.
/// </summary>
public sealed class ActivityHeatmapQuery(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock, IOptions<HeatmapOptions> options)
{
    private const int Batch = 200;
    private const string SlaTimerType = "CaseFlow.SlaTimer";

    /// <param name="definitionId">The definition.</param>
    /// <param name="version">Its version; default the published one, else the newest.</param>
    /// <param name="from">Runs started from (inclusive); default 30 days before <paramref name="to"/>.</param>
    /// <param name="to">Runs started before (exclusive); default now.</param>
    /// <param name="includeDrills">Count drill runs too.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <exception cref="NotFoundException">No such definition or version.</exception>
    /// <exception cref="ValidationException">The period starts after it ends (names <c>from</c>).</exception>
    public async Task<ActivityHeatmap> RunAsync(string definitionId, int? version = null, DateTimeOffset? from = null, DateTimeOffset? to = null, bool includeDrills = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitionId);
        var now = clock.GetUtcNow();
        var (start, end) = KpiQuery.Period(from, to, now);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == definitionId)
            .Select(d => new { d.Version, d.IsPublished }).ToListAsync(cancellationToken);
        if (versions.Count == 0)
            throw new NotFoundException($"No definition '{definitionId}'.");
        var chosen = version ?? (versions.FirstOrDefault(v => v.IsPublished) ?? versions.MaxBy(v => v.Version))!.Version;
        if (versions.All(v => v.Version != chosen))
            throw new NotFoundException($"Definition '{definitionId}' has no version {chosen}.");

        var runs = db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && i.Version == chosen && i.CreatedAt >= start && i.CreatedAt < end)
            .Where(i => includeDrills || !db.Cases.Any(c => c.WorkflowInstanceId == i.Id && c.IsDrill));
        var total = await runs.CountAsync(cancellationToken);
        var read = await runs.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Take(Math.Max(1, options.Value.MaxRuns))
            .Select(i => new { i.Id, Open = i.Status == WorkflowStatus.Running, i.FinishedAt, i.UpdatedAt })
            .ToListAsync(cancellationToken);

        var heat = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        Accumulator Of(string activityId) => heat.TryGetValue(activityId, out var a) ? a : heat[activityId] = new Accumulator();
        var breachesTotal = 0;
        var csatAnswers = 0;
        var csatSum = 0;

        foreach (var batch in read.Chunk(Batch))
        {
            var ids = batch.Select(r => r.Id).ToList();
            var runsById = new Dictionary<string, RunState>(StringComparer.Ordinal);
            foreach (var run in batch)
                runsById[run.Id] = new RunState(run.Open, run.Open ? now : run.FinishedAt ?? run.UpdatedAt);

            var bursts = db.JournalBursts.AsNoTracking()
                .Where(j => ids.Contains(j.InstanceId))
                .OrderBy(j => j.InstanceId).ThenBy(j => j.FirstSequence)
                .Select(j => new { j.InstanceId, j.Records })
                .AsAsyncEnumerable();
            await foreach (var burst in bursts.WithCancellation(cancellationToken))
            {
                var state = runsById[burst.InstanceId];
                foreach (var record in PersistenceJson.Read<List<HeatRecord>>(burst.Records) ?? [])
                    state.Apply(record, Of);
            }

            foreach (var (_, state) in runsById)
                state.Close(Of);

            var breaches = await db.SlaClocks.AsNoTracking()
                .Where(s => ids.Contains(s.WorkflowInstanceId) && s.BreachedAt != null)
                .Select(s => new { s.WorkflowInstanceId, BreachedAt = s.BreachedAt!.Value })
                .ToListAsync(cancellationToken);
            foreach (var breach in breaches)
            {
                breachesTotal++;
                foreach (var activityId in runsById[breach.WorkflowInstanceId].WaitingAt(breach.BreachedAt))
                    Of(activityId).SlaBreaches++;
            }

            var scores = await (
                from s in db.Surveys.AsNoTracking()
                join c in db.Cases.AsNoTracking() on s.CaseId equals c.Id
                where c.WorkflowInstanceId != null && ids.Contains(c.WorkflowInstanceId) && s.Status == SurveyStatus.Answered && s.Score != null
                select new { InstanceId = c.WorkflowInstanceId!, Score = s.Score!.Value }).ToListAsync(cancellationToken);
            foreach (var score in scores)
            {
                csatAnswers++;
                csatSum += score.Score;
                foreach (var activityId in runsById[score.InstanceId].Passed)
                {
                    var a = Of(activityId);
                    a.CsatAnswers++;
                    a.CsatSum += score.Score;
                }
            }
        }

        return new ActivityHeatmap(
            definitionId, chosen, start, end, includeDrills, total, read.Count, breachesTotal, csatAnswers, Average(csatSum, csatAnswers, 2),
            [.. heat.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Value.ToHeat(h.Key))]);
    }

    private static double? Average(double sum, int count, int digits) =>
        count == 0 ? null : Math.Round(sum / count, digits, MidpointRounding.AwayFromZero);

    /// <summary>The parts of a stored journal record the heatmap reads (the rest, payloads included, is skipped unread).</summary>
    private sealed record HeatRecord(DateTimeOffset Timestamp, string EventName, string ActivityId, string ActivityType, string ActivityInstanceId);

    private sealed class Accumulator
    {
        public int Executions;
        public int Runs;
        public int Waits;
        public double WaitingSeconds;
        public int WaitingNow;
        public int Faults;
        public int SlaBreaches;
        public int CsatAnswers;
        public double CsatSum;

        public ActivityHeat ToHeat(string activityId) => new(
            // To the millisecond: a task done the moment it was handed out waited a few milliseconds, which is not none
            // (the screen rounds for display; rounded here to a tenth, it read 0 and the activity showed no heat).
            activityId, Executions, Runs, Waits, Average(WaitingSeconds, Waits, 3), WaitingNow, Faults, SlaBreaches, CsatAnswers, Average(CsatSum, CsatAnswers, 2));
    }

    /// <summary>One run being read: its open waits, the waits it had (for SLA breaches), the activities it passed.</summary>
    private sealed class RunState(bool open, DateTimeOffset end)
    {
        private readonly Dictionary<string, (string ActivityId, string ActivityType, DateTimeOffset Since)> _suspended = new(StringComparer.Ordinal);
        private readonly List<(string ActivityId, DateTimeOffset From, DateTimeOffset To)> _waits = [];

        public HashSet<string> Passed { get; } = new(StringComparer.Ordinal);

        public void Apply(HeatRecord record, Func<string, Accumulator> of)
        {
            switch (record.EventName)
            {
                case JournalEvents.Started:
                    of(record.ActivityId).Executions++;
                    if (Passed.Add(record.ActivityId))
                        of(record.ActivityId).Runs++;
                    break;
                case JournalEvents.Suspended:
                    _suspended[record.ActivityInstanceId] = (record.ActivityId, record.ActivityType, record.Timestamp);
                    break;
                case JournalEvents.Resumed or JournalEvents.Completed or JournalEvents.Faulted or JournalEvents.Canceled:
                    if (_suspended.Remove(record.ActivityInstanceId, out var wait) && wait.ActivityType != SlaTimerType)
                    {
                        var a = of(wait.ActivityId);
                        a.Waits++;
                        a.WaitingSeconds += Math.Max(0, (record.Timestamp - wait.Since).TotalSeconds);
                        Waited(wait.ActivityId, wait.Since, record.Timestamp);
                    }

                    if (record.EventName == JournalEvents.Faulted)
                        of(record.ActivityId).Faults++;
                    break;
            }
        }

        /// <summary>Waits still open: a running run waits there now; a finished run's ended with it.</summary>
        public void Close(Func<string, Accumulator> of)
        {
            foreach (var (_, (activityId, activityType, since)) in _suspended.Where(w => w.Value.ActivityType != SlaTimerType))
            {
                if (open)
                    of(activityId).WaitingNow++;
                Waited(activityId, since, end);
            }

            _suspended.Clear();
        }

        private void Waited(string activityId, DateTimeOffset from, DateTimeOffset to) => _waits.Add((activityId, from, to));

        public IEnumerable<string> WaitingAt(DateTimeOffset at) =>
            _waits.Where(w => w.From <= at && at <= w.To).Select(w => w.ActivityId).Distinct(StringComparer.Ordinal);
    }
}
