using System.Text.Json;
using CaseFlow.Workflows.Flowchart;

namespace CaseFlow.Workflows.Runtime.Snapshots;

/// <summary>
/// Writes a <see cref="WorkflowSnapshot"/> as the JSON the serializer writes (<see cref="WorkflowSnapshotSerializer.SerializeWithSerializer"/>:
/// the same properties in the same order, nulls left out, enums by name, untyped values by their runtime type; a test
/// compares the two byte for byte), straight from the objects. A value of a type it does not know is handed to the
/// serializer, and so is any value as deep as the serializer's limit, which then fails as the serializer fails.
/// </summary>
internal static class SnapshotJsonWriter
{
    private static readonly JsonEncodedText SchemaVersion = JsonEncodedText.Encode("schemaVersion");
    private static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText Contexts = JsonEncodedText.Encode("contexts");
    private static readonly JsonEncodedText Outputs = JsonEncodedText.Encode("outputs");
    private static readonly JsonEncodedText LastResult = JsonEncodedText.Encode("lastResult");
    private static readonly JsonEncodedText Scheduled = JsonEncodedText.Encode("scheduled");

    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText DefinitionId = JsonEncodedText.Encode("definitionId");
    private static readonly JsonEncodedText DefinitionVersionId = JsonEncodedText.Encode("definitionVersionId");
    private static readonly JsonEncodedText DefinitionVersion = JsonEncodedText.Encode("definitionVersion");
    private static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("correlationId");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ParentWorkflowInstanceId = JsonEncodedText.Encode("parentWorkflowInstanceId");
    private static readonly JsonEncodedText SubStatus = JsonEncodedText.Encode("subStatus");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Input = JsonEncodedText.Encode("input");
    private static readonly JsonEncodedText Output = JsonEncodedText.Encode("output");
    private static readonly JsonEncodedText Bookmarks = JsonEncodedText.Encode("bookmarks");
    private static readonly JsonEncodedText Incidents = JsonEncodedText.Encode("incidents");
    private static readonly JsonEncodedText IncidentCount = JsonEncodedText.Encode("incidentCount");
    private static readonly JsonEncodedText Outcomes = JsonEncodedText.Encode("outcomes");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updatedAt");
    private static readonly JsonEncodedText FinishedAt = JsonEncodedText.Encode("finishedAt");
    private static readonly JsonEncodedText ExecutionLogSequence = JsonEncodedText.Encode("executionLogSequence");
    private static readonly JsonEncodedText TriggerActivityId = JsonEncodedText.Encode("triggerActivityId");
    private static readonly JsonEncodedText AppliedStimuli = JsonEncodedText.Encode("appliedStimuli");

    private static readonly JsonEncodedText Hash = JsonEncodedText.Encode("hash");
    private static readonly JsonEncodedText Payload = JsonEncodedText.Encode("payload");
    private static readonly JsonEncodedText ActivityId = JsonEncodedText.Encode("activityId");
    private static readonly JsonEncodedText ActivityNodeId = JsonEncodedText.Encode("activityNodeId");
    private static readonly JsonEncodedText ActivityInstanceId = JsonEncodedText.Encode("activityInstanceId");
    private static readonly JsonEncodedText AutoBurn = JsonEncodedText.Encode("autoBurn");
    private static readonly JsonEncodedText CallbackMethodName = JsonEncodedText.Encode("callbackMethodName");
    private static readonly JsonEncodedText DueAt = JsonEncodedText.Encode("dueAt");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");

    private static readonly JsonEncodedText ActivityType = JsonEncodedText.Encode("activityType");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Exception = JsonEncodedText.Encode("exception");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText StackTrace = JsonEncodedText.Encode("stackTrace");
    private static readonly JsonEncodedText InnerException = JsonEncodedText.Encode("innerException");

    private static readonly JsonEncodedText NodeId = JsonEncodedText.Encode("nodeId");
    private static readonly JsonEncodedText ParentId = JsonEncodedText.Encode("parentId");
    private static readonly JsonEncodedText StartedAt = JsonEncodedText.Encode("startedAt");
    private static readonly JsonEncodedText ScheduledByBackwardConnection = JsonEncodedText.Encode("scheduledByBackwardConnection");
    private static readonly JsonEncodedText Properties = JsonEncodedText.Encode("properties");
    private static readonly JsonEncodedText Variables = JsonEncodedText.Encode("variables");
    private static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
    private static readonly JsonEncodedText Inputs = JsonEncodedText.Encode("inputs");

    private static readonly JsonEncodedText OwnerId = JsonEncodedText.Encode("ownerId");
    private static readonly JsonEncodedText Backward = JsonEncodedText.Encode("backward");
    private static readonly JsonEncodedText Bookmark = JsonEncodedText.Encode("bookmark");

    private static readonly JsonEncodedText ActivityVisits = JsonEncodedText.Encode("activityVisits");
    private static readonly JsonEncodedText ConnectionVisits = JsonEncodedText.Encode("connectionVisits");
    private static readonly JsonEncodedText LastFollowed = JsonEncodedText.Encode("lastFollowed");

    private static readonly SnapshotEnumNames<WorkflowSubStatus> SubStatuses = SnapshotEnumNames<WorkflowSubStatus>.Instance;
    private static readonly SnapshotEnumNames<WorkflowStatus> Statuses = SnapshotEnumNames<WorkflowStatus>.Instance;
    private static readonly SnapshotEnumNames<ActivityStatus> ActivityStatuses = SnapshotEnumNames<ActivityStatus>.Instance;

    public static void Write(Utf8JsonWriter writer, WorkflowSnapshot snapshot, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(SchemaVersion, snapshot.SchemaVersion);
        writer.WritePropertyName(State);
        WriteState(writer, snapshot.State, options);
        if (snapshot.Contexts is { } contexts)
        {
            writer.WritePropertyName(Contexts);
            writer.WriteStartArray();
            foreach (var context in contexts)
                WriteContext(writer, context, options);
            writer.WriteEndArray();
        }

        if (snapshot.Outputs is { } outputs)
        {
            writer.WritePropertyName(Outputs);
            writer.WriteStartObject();
            foreach (var (activityId, values) in outputs)
            {
                writer.WritePropertyName(activityId);
                WriteDictionary(writer, values, options);
            }

            writer.WriteEndObject();
        }

        WriteIfNotNull(writer, LastResult, snapshot.LastResult, options);
        if (snapshot.Scheduled is { } scheduled)
        {
            writer.WritePropertyName(Scheduled);
            writer.WriteStartArray();
            foreach (var item in scheduled)
                WriteScheduled(writer, item, options);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter writer, WorkflowState state, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteIfNotNull(writer, Id, state.Id);
        WriteIfNotNull(writer, DefinitionId, state.DefinitionId);
        WriteIfNotNull(writer, DefinitionVersionId, state.DefinitionVersionId);
        writer.WriteNumber(DefinitionVersion, state.DefinitionVersion);
        WriteIfNotNull(writer, CorrelationId, state.CorrelationId);
        WriteIfNotNull(writer, Name, state.Name);
        WriteIfNotNull(writer, ParentWorkflowInstanceId, state.ParentWorkflowInstanceId);
        writer.WritePropertyName(SubStatus);
        SubStatuses.Write(writer, state.SubStatus, options);
        writer.WritePropertyName(Status);
        Statuses.Write(writer, state.Status, options);
        WriteDictionaryIfNotNull(writer, Input, state.Input, options);
        WriteDictionaryIfNotNull(writer, Output, state.Output, options);
        if (state.Bookmarks is { } bookmarks)
        {
            writer.WritePropertyName(Bookmarks);
            writer.WriteStartArray();
            foreach (var bookmark in bookmarks)
                WriteBookmark(writer, bookmark, options);
            writer.WriteEndArray();
        }

        if (state.Incidents is { } incidents)
        {
            writer.WritePropertyName(Incidents);
            writer.WriteStartArray();
            foreach (var incident in incidents)
                WriteIncident(writer, incident, options);
            writer.WriteEndArray();
        }

        writer.WriteNumber(IncidentCount, state.IncidentCount);

        WriteStringsIfNotNull(writer, Outcomes, state.Outcomes);
        writer.WriteString(CreatedAt, state.CreatedAt);
        writer.WriteString(UpdatedAt, state.UpdatedAt);
        if (state.FinishedAt is { } finishedAt)
            writer.WriteString(FinishedAt, finishedAt);
        writer.WriteNumber(ExecutionLogSequence, state.ExecutionLogSequence);
        WriteIfNotNull(writer, TriggerActivityId, state.TriggerActivityId);
        WriteStringsIfNotNull(writer, AppliedStimuli, state.AppliedStimuli);
        writer.WriteEndObject();
    }

    private static void WriteBookmark(Utf8JsonWriter writer, Bookmark? bookmark, JsonSerializerOptions options)
    {
        if (bookmark is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteIfNotNull(writer, Id, bookmark.Id);
        WriteIfNotNull(writer, Name, bookmark.Name);
        WriteIfNotNull(writer, Hash, bookmark.Hash);
        WriteDictionaryIfNotNull(writer, Payload, bookmark.Payload, options);
        WriteIfNotNull(writer, ActivityId, bookmark.ActivityId);
        WriteIfNotNull(writer, ActivityNodeId, bookmark.ActivityNodeId);
        WriteIfNotNull(writer, ActivityInstanceId, bookmark.ActivityInstanceId);
        writer.WriteString(CreatedAt, bookmark.CreatedAt);
        writer.WriteBoolean(AutoBurn, bookmark.AutoBurn);
        WriteIfNotNull(writer, CallbackMethodName, bookmark.CallbackMethodName);
        if (bookmark.DueAt is { } dueAt)
            writer.WriteString(DueAt, dueAt);
        if (bookmark.Metadata is { } metadata)
        {
            writer.WritePropertyName(Metadata);
            writer.WriteStartObject();
            foreach (var (key, value) in metadata)
            {
                writer.WritePropertyName(key);
                writer.WriteStringValue(value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteIncident(Utf8JsonWriter writer, ActivityIncident? incident, JsonSerializerOptions options)
    {
        if (incident is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteIfNotNull(writer, Id, incident.Id);
        WriteIfNotNull(writer, ActivityId, incident.ActivityId);
        WriteIfNotNull(writer, ActivityNodeId, incident.ActivityNodeId);
        WriteIfNotNull(writer, ActivityInstanceId, incident.ActivityInstanceId);
        WriteIfNotNull(writer, ActivityType, incident.ActivityType);
        WriteIfNotNull(writer, Message, incident.Message);
        if (incident.Exception is { } exception)
        {
            writer.WritePropertyName(Exception);
            WriteException(writer, exception, options);
        }

        writer.WriteString(Timestamp, incident.Timestamp);
        writer.WriteEndObject();
    }

    private static void WriteException(Utf8JsonWriter writer, ExceptionState exception, JsonSerializerOptions options)
    {
        if (writer.CurrentDepth >= options.MaxDepth)
        {
            JsonSerializer.Serialize(writer, exception, options);
            return;
        }

        writer.WriteStartObject();
        WriteIfNotNull(writer, Type, exception.Type);
        WriteIfNotNull(writer, Message, exception.Message);
        WriteIfNotNull(writer, StackTrace, exception.StackTrace);
        if (exception.InnerException is { } inner)
        {
            writer.WritePropertyName(InnerException);
            WriteException(writer, inner, options);
        }

        writer.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter writer, ActivityContextSnapshot? context, JsonSerializerOptions options)
    {
        if (context is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteIfNotNull(writer, Id, context.Id);
        WriteIfNotNull(writer, NodeId, context.NodeId);
        WriteIfNotNull(writer, ParentId, context.ParentId);
        writer.WritePropertyName(Status);
        ActivityStatuses.Write(writer, context.Status, options);
        writer.WriteString(StartedAt, context.StartedAt);
        writer.WriteBoolean(ScheduledByBackwardConnection, context.ScheduledByBackwardConnection);
        WriteDictionaryIfNotNull(writer, Properties, context.Properties, options);
        WriteDictionaryIfNotNull(writer, Variables, context.Variables, options);
        if (context.Scope is { } scope)
        {
            writer.WritePropertyName(Scope);
            writer.WriteStartObject();
            WriteDictionaryIfNotNull(writer, Inputs, scope.Inputs, options);
            WriteDictionaryIfNotNull(writer, Outputs, scope.Outputs, options);
            WriteStringsIfNotNull(writer, Outcomes, scope.Outcomes);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteScheduled(Utf8JsonWriter writer, ScheduledWorkSnapshot? item, JsonSerializerOptions options)
    {
        if (item is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteIfNotNull(writer, NodeId, item.NodeId);
        WriteIfNotNull(writer, OwnerId, item.OwnerId);
        writer.WriteBoolean(Backward, item.Backward);
        if (item.Bookmark is { } bookmark)
        {
            writer.WritePropertyName(Bookmark);
            WriteBookmark(writer, bookmark, options);
        }

        WriteIfNotNull(writer, Input, item.Input, options);
        writer.WriteEndObject();
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, object? value, JsonSerializerOptions options)
    {
        if (value is null)
            return;
        writer.WritePropertyName(name);
        WriteValue(writer, value, options);
    }

    private static void WriteStringsIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<string>? values)
    {
        if (values is null)
            return;
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        for (var i = 0; i < values.Count; i++)
            writer.WriteStringValue(values[i]);
        writer.WriteEndArray();
    }

    private static void WriteDictionaryIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, Dictionary<string, object?>? values, JsonSerializerOptions options)
    {
        if (values is null)
            return;
        writer.WritePropertyName(name);
        WriteDictionary(writer, values, options);
    }

    private static void WriteDictionary(Utf8JsonWriter writer, Dictionary<string, object?>? values, JsonSerializerOptions options)
    {
        if (values is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (var (key, value) in values)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value, options);
        }

        writer.WriteEndObject();
    }

    /// <summary>An untyped value as the serializer writes it: by its runtime type.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        if (writer.CurrentDepth >= options.MaxDepth)
        {
            // Too deep: the serializer fails here, and so does this writer, the same way.
            JsonSerializer.Serialize(writer, value, options);
            return;
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case double real:
                writer.WriteNumberValue(real);
                break;
            case Dictionary<string, object?> dictionary when dictionary.GetType() == typeof(Dictionary<string, object?>):
                WriteDictionary(writer, dictionary, options);
                break;
            case List<object?> list when list.GetType() == typeof(List<object?>):
                writer.WriteStartArray();
                foreach (var item in list)
                    WriteValue(writer, item, options);
                writer.WriteEndArray();
                break;
            case FlowScope { ActivityVisits: { } activities, ConnectionVisits: { } connections, LastFollowed: { } followed }:
                writer.WriteStartObject();
                writer.WritePropertyName(ActivityVisits);
                WriteNumbers(writer, activities);
                writer.WritePropertyName(ConnectionVisits);
                WriteNumbers(writer, connections);
                writer.WritePropertyName(LastFollowed);
                writer.WriteStartArray();
                foreach (var flag in followed)
                    writer.WriteBooleanValue(flag);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                // As the serializer's object converter does: anything else by its runtime type.
                JsonSerializer.Serialize(writer, value, options);
                break;
        }
    }

    private static void WriteNumbers(Utf8JsonWriter writer, long[] numbers)
    {
        writer.WriteStartArray();
        foreach (var number in numbers)
            writer.WriteNumberValue(number);
        writer.WriteEndArray();
    }
}
