using System.Security.Cryptography;
using System.Text;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Starts an instance for a trigger row, at most once per stimulus: the instance id is derived from the trigger and
/// the stimulus (an event id, a scheduled occurrence), so a redelivered event, a retried job or a second process
/// inserts the same id again, which the store rejects, and nothing runs twice. A refused duplicate is logged.
/// </summary>
public sealed class TriggeredStarts(DurableWorkflowRuntime runtime, IWorkflowDefinitionProvider definitions, ILogger<TriggeredStarts> logger)
{
    /// <summary>Starts the trigger's definition version at the trigger activity; null when it already was, or the version is gone.</summary>
    public async Task<WorkflowState?> StartAsync(StoredTrigger trigger, string stimulusId, IDictionary<string, object?>? input, string? correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var definition = await definitions.FindByVersionIdAsync(trigger.DefinitionVersionId, cancellationToken);
        if (definition is null)
        {
            logger.LogWarning("Trigger {TriggerId} names definition version {VersionId}, which does not exist", trigger.Id, trigger.DefinitionVersionId);
            return null;
        }

        var instanceId = InstanceId(trigger.Id, stimulusId);
        if (await runtime.Store.FindAsync(instanceId, cancellationToken) is not null)
        {
            LogDuplicate(trigger, stimulusId, instanceId);
            return null;
        }

        try
        {
            return await runtime.StartAsync(definition, new StartWorkflowOptions
            {
                InstanceId = instanceId,
                TriggerActivityId = trigger.ActivityId,
                Input = input,
                CorrelationId = correlationId,
            }, cancellationToken);
        }
        catch (WorkflowConcurrencyException)
        {
            // Another delivery of the same stimulus (another process, a retry) started it first.
            LogDuplicate(trigger, stimulusId, instanceId);
            return null;
        }
    }

    private void LogDuplicate(StoredTrigger trigger, string stimulusId, string instanceId) =>
        logger.LogInformation("Trigger {TriggerId}: {StimulusId} already started instance {InstanceId}; not starting it again", trigger.Id, stimulusId, instanceId);

    /// <summary>16 lower-case hex characters (like generated ids), from SHA-256 of the trigger id and the stimulus id.</summary>
    public static string InstanceId(string triggerId, string stimulusId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(triggerId + "\n" + stimulusId)).AsSpan(0, 8));

    /// <summary>A field of a trigger's payload as text (<c>eventName</c>, <c>cronExpression</c>, <c>interval</c>, <c>dateTime</c>); null when unset.</summary>
    public static string? PayloadText(StoredTrigger trigger, string name)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return trigger.Payload.GetValueOrDefault(name) switch
        {
            null => null,
            string text => text,
            IFormattable value => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var value => value.ToString(),
        };
    }
}
