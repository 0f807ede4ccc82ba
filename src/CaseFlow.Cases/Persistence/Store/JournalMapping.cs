using System.Text.Json;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Persistence.Store;

/// <summary>A journal record and its stored, compact form (<see cref="JournalEntry"/>): fields the instance row already says are left out.</summary>
internal static class JournalMapping
{
    public sealed record InstanceDefinition(string DefinitionId, string DefinitionVersionId, int Version);

    // Fields equal to what the instance row says are left out (see JournalEntry) and filled in again on reading.
    public static JournalEntry ToEntry(JournalRecord record, WorkflowState state) => new()
    {
        Id = record.HasDefaultId && string.Equals(record.WorkflowInstanceId, state.Id, StringComparison.Ordinal) ? null : record.Id,
        Sequence = record.Sequence,
        DefinitionId = string.Equals(record.WorkflowDefinitionId, state.DefinitionId, StringComparison.Ordinal) ? null : record.WorkflowDefinitionId,
        DefinitionVersionId = string.Equals(record.WorkflowDefinitionVersionId, state.DefinitionVersionId, StringComparison.Ordinal) ? null : record.WorkflowDefinitionVersionId,
        WorkflowVersion = record.WorkflowVersion == state.DefinitionVersion ? null : record.WorkflowVersion,
        Timestamp = record.Timestamp,
        EventName = record.EventName,
        ActivityId = record.ActivityId,
        ActivityType = record.ActivityType,
        ActivityTypeVersion = record.ActivityTypeVersion == 1 ? null : record.ActivityTypeVersion,
        ActivityName = record.ActivityName,
        ActivityNodeId = record.ActivityNodeId,
        ActivityInstanceId = record.ActivityInstanceId,
        ParentActivityInstanceId = record.ParentActivityInstanceId,
        Message = record.Message,
        Source = record.Source,
        Payload = record.Payload,
    };

    public static JournalRecord ToRecord(string instanceId, InstanceDefinition instance, JournalEntry entry) => new()
    {
        Id = entry.Id ?? JournalRecord.DefaultId(instanceId, entry.Sequence),
        WorkflowInstanceId = instanceId,
        Sequence = entry.Sequence,
        WorkflowDefinitionId = entry.DefinitionId ?? instance.DefinitionId,
        WorkflowDefinitionVersionId = entry.DefinitionVersionId ?? instance.DefinitionVersionId,
        WorkflowVersion = entry.WorkflowVersion ?? instance.Version,
        Timestamp = entry.Timestamp,
        EventName = entry.EventName,
        ActivityId = entry.ActivityId,
        ActivityType = entry.ActivityType,
        ActivityTypeVersion = entry.ActivityTypeVersion ?? 1,
        ActivityName = entry.ActivityName,
        ActivityNodeId = entry.ActivityNodeId,
        ActivityInstanceId = entry.ActivityInstanceId,
        ParentActivityInstanceId = entry.ParentActivityInstanceId,
        Message = entry.Message,
        Source = entry.Source,
        Payload = entry.Payload is JsonElement element ? ValueConverter.FromElement(element) : entry.Payload,
    };
}
