using System.Globalization;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Activities.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Schedules;

/// <summary>A schedule as it stands: its configuration with the API's changes, its last run and its next occurrence.</summary>
public sealed record ScheduleView(string Id, ScheduleAction Action, string Description, string Cron, string TimeZone, bool Enabled, MissedOccurrencePolicy MissedOccurrences, DateTimeOffset? NextOccurrence, ScheduleRun? LastRun, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>A change to a schedule; a null field stays as it is.</summary>
public sealed record UpdateSchedule(string Id, string? Cron, bool? Enabled, string? MissedOccurrences, Actor Actor);

/// <summary>
/// The schedules: their check (<see cref="RunDueAsync"/>, every minute and at start-up), the list, changes and runs
/// asked for by hand. Each occurrence is dealt with once: its work is keyed by the occurrence, and its record has a
/// unique key, so two nodes checking at once, a retried check or a crash between the work and its record create
/// nothing twice. Only the latest occurrence counts: after a downtime a schedule runs once (or, with the policy
/// <see cref="MissedOccurrencePolicy.Skip"/>, records the missed occurrence as skipped), never a backlog.
/// </summary>
public sealed class ScheduleBook(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    ScheduleActions actions,
    BusinessCalendar calendar,
    IOptions<ScheduleOptions> options,
    TimeProvider clock,
    ILogger<ScheduleBook>? logger = null)
{
    /// <summary>An occurrence checked later than this after it fell was missed (no server ran at the time).</summary>
    public static readonly TimeSpan MissedAfter = TimeSpan.FromMinutes(5);

    private ILogger Log => logger ?? NullLogger<ScheduleBook>.Instance;

    /// <summary>Runs each enabled schedule's latest occurrence that has no record yet. Returns how many runs it recorded.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var settings = await SettingsAsync(now, cancellationToken);
        var recorded = 0;
        foreach (var (id, definition) in options.Value.Schedules)
        {
            var setting = settings[id];
            var (cron, enabled, policy) = Effective(definition, setting);
            if (!enabled || Latest(cron, setting.FirstSeenAt, now) is not { } occurrence)
                continue;
            var key = $"{id}:{occurrence.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                if (await db.ScheduleRuns.AnyAsync(r => r.Key == key, cancellationToken))
                    continue;
            }

            try
            {
                var missed = now - occurrence > MissedAfter;
                if (missed && policy == MissedOccurrencePolicy.Skip)
                {
                    if (await RecordAsync(id, key, occurrence, adhoc: false, ScheduleRunOutcome.Skipped, "missed while no server ran; the policy skips it", null, cancellationToken))
                        recorded++;
                    continue;
                }

                var detail = await actions.RunAsync(new ScheduleOccurrence(id, definition, key, occurrence, Adhoc: false), cancellationToken);
                if (await RecordAsync(id, key, occurrence, adhoc: false, ScheduleRunOutcome.Ran, (missed ? "missed while no server ran, run once now: " : "") + detail, null, cancellationToken))
                {
                    recorded++;
                    Log.LogInformation("Schedule {Schedule}, occurrence {Occurrence:O}: {Detail}", id, occurrence, detail);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not recorded: the next check tries again (the work is keyed by the occurrence). One failing schedule
                // does not hold up the others.
                Log.LogError(ex, "Schedule {Schedule}, occurrence {Occurrence:O} failed: {Reason}; the next check tries again", id, occurrence, ex.Message);
            }
        }

        return recorded;
    }

    public async Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var settings = await SettingsAsync(now, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var views = new List<ScheduleView>();
        foreach (var (id, definition) in options.Value.Schedules.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var setting = settings[id];
            var (cron, enabled, policy) = Effective(definition, setting);
            var last = await db.ScheduleRuns.AsNoTracking().Where(r => r.ScheduleId == id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            var next = enabled ? TimerBookmarks.ParseCron(cron).GetNextOccurrence(now, calendar.TimeZone) : null;
            views.Add(new ScheduleView(id, definition.Action, definition.Description, cron, calendar.TimeZone.Id, enabled, policy, next, last, setting.UpdatedAt, setting.UpdatedBy));
        }

        return views;
    }

    public async Task<ScheduleView> UpdateAsync(UpdateSchedule command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!options.Value.Schedules.ContainsKey(command.Id))
            throw new NotFoundException($"No schedule '{command.Id}': one of {string.Join(", ", options.Value.Schedules.Keys)}.");
        var errors = new ValidationErrors();
        var cron = command.Cron?.Trim();
        if (cron is not null && !ValidCron(cron))
            errors.Add("cron", $"'{cron}' is not a cron expression (minute hour day-of-month month day-of-week, e.g. 0 9 1 1,7 *).");
        var policy = EnumInput.Parse<MissedOccurrencePolicy>(command.MissedOccurrences, "missedOccurrences", errors, required: false);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        await SettingsAsync(now, cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var setting = await db.ScheduleSettings.FirstAsync(s => s.Id == command.Id, cancellationToken);
            if (cron is not null)
                setting.Cron = cron;
            if (command.Enabled is { } enabled)
                setting.Enabled = enabled;
            if (policy is { } p)
                setting.MissedOccurrences = p.ToString();
            setting.UpdatedAt = now;
            setting.UpdatedBy = command.Actor.UserName;
            setting.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictException($"Schedule '{command.Id}' was changed by someone else at the same moment; read it again.");
            }
        }

        return (await ListAsync(cancellationToken)).Single(v => v.Id == command.Id);
    }

    /// <summary>Runs a schedule's work now, beside its occurrences (e.g. an ad-hoc training session, D9).</summary>
    public async Task<ScheduleRun> RunNowAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!options.Value.Schedules.TryGetValue(id, out var definition))
            throw new NotFoundException($"No schedule '{id}': one of {string.Join(", ", options.Value.Schedules.Keys)}.");
        var now = clock.GetUtcNow();
        var key = $"{id}:adhoc:{Guid.CreateVersion7():N}";
        var detail = await actions.RunAsync(new ScheduleOccurrence(id, definition, key, now, Adhoc: true), cancellationToken);
        await RecordAsync(id, key, now, adhoc: true, ScheduleRunOutcome.Ran, detail, actor.UserName, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ScheduleRuns.AsNoTracking().SingleAsync(r => r.Key == key, cancellationToken);
    }

    public static bool ValidCron(string cron)
    {
        try
        {
            TimerBookmarks.ParseCron(cron);
            return true;
        }
        catch (Exception ex) when (ex is Cronos.CronFormatException or ArgumentException)
        {
            return false;
        }
    }

    private (string Cron, bool Enabled, MissedOccurrencePolicy Policy) Effective(ScheduleDefinition definition, ScheduleSetting setting) =>
        (setting.Cron ?? definition.Cron,
         setting.Enabled ?? definition.Enabled,
         Enum.TryParse<MissedOccurrencePolicy>(setting.MissedOccurrences, out var p) ? p : definition.MissedOccurrences);

    // The latest occurrence at or before now, after the schedule was first seen (in the calendar's time zone).
    private DateTimeOffset? Latest(string cron, DateTimeOffset after, DateTimeOffset now)
    {
        var occurrence = TimerBookmarks.ParseCron(cron).GetPreviousOccurrence(now, calendar.TimeZone, inclusive: true);
        return occurrence is { } o && o > after ? o.ToUniversalTime() : null;
    }

    // Every configured schedule has its row; a new one is first seen now.
    private async Task<Dictionary<string, ScheduleSetting>> SettingsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ScheduleSettings.AsNoTracking().ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
        var missing = options.Value.Schedules.Keys.Where(k => !rows.ContainsKey(k)).ToList();
        if (missing.Count == 0)
            return rows;
        foreach (var id in missing)
            db.ScheduleSettings.Add(new ScheduleSetting { Id = id, FirstSeenAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node saw them first at the same moment: its rows stand.
        }

        await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await again.ScheduleSettings.AsNoTracking().ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
    }

    private async Task<bool> RecordAsync(string id, string key, DateTimeOffset occurrence, bool adhoc, ScheduleRunOutcome outcome, string? detail, string? by, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ScheduleRuns.Add(new ScheduleRun { ScheduleId = id, Key = key, Occurrence = occurrence, Adhoc = adhoc, Outcome = outcome, Detail = detail is { Length: > 2000 } ? detail[..2000] : detail, RanAt = clock.GetUtcNow(), RanBy = by });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node recorded this occurrence first (its work was the same: keyed by the occurrence).
            return false;
        }
    }
}
