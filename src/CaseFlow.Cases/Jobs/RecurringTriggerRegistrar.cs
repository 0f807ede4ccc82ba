using System.Collections.Concurrent;
using System.Globalization;
using CaseFlow.Cases.Persistence;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Keeps Hangfire's recurring jobs in line with the triggers table: one recurring <see cref="ScheduledTriggerJob"/>
/// per <c>Elsa.Cron</c> trigger (and per <c>Elsa.Timer</c> trigger whose interval cron can express), keyed by the
/// trigger id; jobs of triggers that are gone (a retracted or replaced version) are removed. <c>Elsa.StartAt</c>
/// triggers get one delayed job. Runs at start-up, after the workflows folder is imported, and on every timer sweep,
/// so a publish or retract by any process (the CLI included) reaches the recurring jobs within one sweep.
/// </summary>
public sealed class RecurringTriggerRegistrar(
    EfWorkflowDefinitionStore definitions,
    IRecurringJobManager recurringJobs,
    IBackgroundJobClient jobs,
    JobStorage storage,
    TimeProvider clock,
    ILogger<RecurringTriggerRegistrar> logger) : IDisposable
{
    private const string CronName = "Elsa.Cron";
    private const string TimerName = "Elsa.Timer";
    private const string StartAtName = "Elsa.StartAt";
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _scheduledOnce = new(StringComparer.Ordinal);

    /// <summary>Brings the recurring jobs in line; returns the ids of the triggers that now have one.</summary>
    public async Task<IReadOnlyList<string>> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return await ReconcileCoreAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<IReadOnlyList<string>> ReconcileCoreAsync(CancellationToken cancellationToken)
    {
        var rows = (await definitions.FindTriggersAsync(null, null, cancellationToken))
            .Where(t => t.Name is CronName or TimerName or StartAtName)
            .ToList();

        var desired = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Name == StartAtName)
            {
                ScheduleOnce(row);
                continue;
            }

            // The same cron the job places its occurrence on (ScheduledStarts): the two must never disagree.
            var cron = ScheduledOccurrences.CronOf(row);
            if (cron is null)
                logger.LogWarning("Trigger {TriggerId} ({Type}) has no schedule Hangfire can run: {Payload}", row.Id, row.Name, row.Payload);
            else
                desired[row.Id] = cron;
        }

        List<RecurringJobDto> existing;
        using (var connection = storage.GetConnection())
            existing = connection.GetRecurringJobs().Where(j => j.Job?.Type == typeof(ScheduledTriggerJob)).ToList();

        foreach (var job in existing.Where(j => !desired.ContainsKey(j.Id)))
        {
            recurringJobs.RemoveIfExists(job.Id);
            logger.LogInformation("Removed the recurring job of trigger {TriggerId}", job.Id);
        }

        var registered = new List<string>();
        foreach (var (id, cron) in desired)
        {
            var current = existing.FirstOrDefault(j => j.Id == id);
            if (current is null || current.Cron != cron)
            {
                try
                {
                    recurringJobs.AddOrUpdate<ScheduledTriggerJob>(id, j => j.StartAsync(id, null, CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                    logger.LogInformation("Trigger {TriggerId} runs on cron {Cron}", id, cron);
                }
                catch (ArgumentException ex)
                {
                    logger.LogWarning(ex, "Trigger {TriggerId}: Hangfire rejects the cron expression {Cron}", id, cron);
                    continue;
                }
            }

            registered.Add(id);
        }

        return registered;
    }

    public void Dispose() => _lock.Dispose();

    private void ScheduleOnce(StoredTrigger row)
    {
        if (_scheduledOnce.ContainsKey(row.Id))
            return;
        if (!DateTimeOffset.TryParse(TriggeredStarts.PayloadText(row, "dateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            logger.LogWarning("Trigger {TriggerId} (StartAt) has no readable date: {Payload}", row.Id, row.Payload);
            _scheduledOnce[row.Id] = 0;
            return;
        }

        // Overdue ones run at once; the job keys its instance by the trigger alone, so this starts one instance ever.
        var id = row.Id;
        jobs.Schedule<ScheduledTriggerJob>(j => j.StartAsync(id, null, CancellationToken.None), at > clock.GetUtcNow() ? at : clock.GetUtcNow());
        _scheduledOnce[row.Id] = 0;
    }
}
