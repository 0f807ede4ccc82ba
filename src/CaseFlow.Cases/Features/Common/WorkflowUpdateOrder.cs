using CaseFlow.Workflows.Durability;

namespace CaseFlow.Cases.Features.Common;

/// <summary>
/// Keeps a workflow's updates of a record in the workflow's order however they are delivered: each value remembers
/// the outbox sequence of the update that set it (per instance), and an older update arriving late does not set it.
/// </summary>
public static class WorkflowUpdateOrder
{
    /// <summary>
    /// Whether <paramref name="message"/> may set <paramref name="value"/>: no newer update of the same instance set it.
    /// Equal sequences (the same message again, or messages from before sequences existed) apply as they always did.
    /// </summary>
    public static bool Claim(Dictionary<string, long> sequences, OutboxMessage message, string value)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(message);
        var key = message.InstanceId + "/" + value;
        if (sequences.TryGetValue(key, out var last) && last > message.Sequence)
            return false;
        sequences[key] = message.Sequence;
        return true;
    }
}
