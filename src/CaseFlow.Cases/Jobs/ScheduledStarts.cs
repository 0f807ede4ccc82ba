using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Starts the instances of scheduled triggers: one per occurrence of a <c>Cron</c>/<c>Timer</c> trigger (keyed by
/// <see cref="ScheduledOccurrences"/>), one ever for a <c>StartAt</c> trigger; and, at start-up, the latest
/// occurrence missed while no server ran, when the policy (<see cref="WorkflowJobOptions.MissedOccurrences"/>, or the
/// definition's <c>missedOccurrences</c> custom property) says <see cref="MissedOccurrencePolicy.RunOnce"/>.
/// </summary>
public sealed class ScheduledStarts(
    TriggeredStarts starts,
    EfWorkflowDefinitionStore definitions,
    TimeProvider clock,
    IOptions<WorkflowJobOptions> options,
    ILogger<ScheduledStarts> logger)
{
    /// <summary>The definition custom property that overrides <see cref="WorkflowJobOptions.MissedOccurrences"/> (<c>RunOnce</c> or <c>Skip</c>).</summary>
    public const string PolicyProperty = "missedOccurrences";

    private const string StartAtName = "Elsa.StartAt";

    /// <summary>
    /// Starts the occurrence of trigger <paramref name="triggerId"/> that <paramref name="scheduledFor"/> belongs to
    /// (the latest at or before it; now when null). Null when the trigger is gone, the occurrence precedes the
    /// trigger's publication, or the occurrence already has its instance (logged by <see cref="TriggeredStarts"/>).
    /// </summary>
    public async Task<WorkflowState?> StartAsync(string triggerId, DateTimeOffset? scheduledFor, CancellationToken cancellationToken = default)
    {
        var trigger = (await definitions.FindTriggersAsync(null, null, cancellationToken)).FirstOrDefault(t => t.Id == triggerId);
        if (trigger is null)
        {
            logger.LogDebug("Trigger {TriggerId} no longer exists (its version was retracted or replaced); nothing started", triggerId);
            return null;
        }

        // A StartAt trigger starts its workflow once, ever: however often its job is scheduled again after restarts.
        if (trigger.Name == StartAtName)
            return await starts.StartAsync(trigger, "start-at", input: null, correlationId: null, cancellationToken);

        if (ScheduledOccurrences.CronOf(trigger) is not { } cron)
        {
            logger.LogWarning("Trigger {TriggerId} ({Type}) has no schedule to place an occurrence on: {Payload}", trigger.Id, trigger.Name, trigger.Payload);
            return null;
        }

        var at = scheduledFor ?? clock.GetUtcNow();
        var publishedAt = await PublishedAtAsync(trigger, cancellationToken);
        if (ScheduledOccurrences.Latest(cron, publishedAt ?? DateTimeOffset.MinValue, at) is not { } occurrence)
        {
            logger.LogInformation("Trigger {TriggerId}: no occurrence of {Cron} between its publication at {PublishedAt:O} and {At:O}; nothing started", trigger.Id, cron, publishedAt, at);
            return null;
        }

        return await starts.StartAsync(trigger, ScheduledOccurrences.StimulusId(occurrence), input: null, correlationId: null, cancellationToken);
    }

    /// <summary>
    /// For every <c>Cron</c>/<c>Timer</c> trigger whose policy is <see cref="MissedOccurrencePolicy.RunOnce"/>: starts
    /// its latest occurrence since it was published, unless that occurrence has its instance already. Safe to run
    /// by several processes at once and on every start: the instance id is the occurrence's. One trigger that fails
    /// is logged and does not stop the others. Returns the started instances' ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunMissedAsync(CancellationToken cancellationToken = default)
    {
        var started = new List<string>();
        var now = clock.GetUtcNow();
        foreach (var trigger in await definitions.FindTriggersAsync(null, null, cancellationToken))
        {
            if (ScheduledOccurrences.CronOf(trigger) is not { } cron)
                continue;
            try
            {
                if (await PolicyAsync(trigger, cancellationToken) == MissedOccurrencePolicy.Skip)
                    continue;

                // Before its publication the trigger did not exist: nothing of that time is "missed".
                var publishedAt = await PublishedAtAsync(trigger, cancellationToken);
                if (publishedAt is null || ScheduledOccurrences.Latest(cron, publishedAt.Value, now) is not { } occurrence)
                    continue;
                if (await starts.StartAsync(trigger, ScheduledOccurrences.StimulusId(occurrence), input: null, correlationId: null, cancellationToken) is { } state)
                {
                    logger.LogInformation("Missed occurrence {Occurrence:O} of trigger {TriggerId} started instance {InstanceId}", occurrence, trigger.Id, state.Id);
                    started.Add(state.Id);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Trigger {TriggerId}: its missed occurrence could not be started", trigger.Id);
            }
        }

        return started;
    }

    /// <summary>The definition's <c>missedOccurrences</c> custom property when it names a policy, else the configured default.</summary>
    public async Task<MissedOccurrencePolicy> PolicyAsync(StoredTrigger trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var definition = await definitions.FindByVersionIdAsync(trigger.DefinitionVersionId, cancellationToken);
        if (definition?.CustomProperties[PolicyProperty] is System.Text.Json.Nodes.JsonValue value
            && value.TryGetValue<string>(out var text)
            && Enum.TryParse<MissedOccurrencePolicy>(text, ignoreCase: true, out var policy)
            && Enum.IsDefined(policy))
            return policy;
        return options.Value.MissedOccurrences;
    }

    private async Task<DateTimeOffset?> PublishedAtAsync(StoredTrigger trigger, CancellationToken cancellationToken) =>
        (await definitions.ListVersionsAsync(trigger.DefinitionId, cancellationToken)).FirstOrDefault(v => v.VersionId == trigger.DefinitionVersionId)?.PublishedAt;
}
