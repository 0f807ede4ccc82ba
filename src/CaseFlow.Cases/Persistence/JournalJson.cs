using System.Buffers;
using System.Text;
using System.Text.Json;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// Writes a burst's journal records as the JSON array of <see cref="Entities.JournalEntry"/> that <see cref="PersistenceJson"/>
/// would write (a test compares the two), straight from the records: no entry objects, no serializer metadata walk.
/// Every commit writes one of these; through the serializer it took a tenth of the commit.
/// </summary>
internal static class JournalJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText DefinitionId = JsonEncodedText.Encode("definitionId");
    private static readonly JsonEncodedText DefinitionVersionId = JsonEncodedText.Encode("definitionVersionId");
    private static readonly JsonEncodedText WorkflowVersion = JsonEncodedText.Encode("workflowVersion");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("eventName");
    private static readonly JsonEncodedText ActivityId = JsonEncodedText.Encode("activityId");
    private static readonly JsonEncodedText ActivityType = JsonEncodedText.Encode("activityType");
    private static readonly JsonEncodedText ActivityTypeVersion = JsonEncodedText.Encode("activityTypeVersion");
    private static readonly JsonEncodedText ActivityName = JsonEncodedText.Encode("activityName");
    private static readonly JsonEncodedText ActivityNodeId = JsonEncodedText.Encode("activityNodeId");
    private static readonly JsonEncodedText ActivityInstanceId = JsonEncodedText.Encode("activityInstanceId");
    private static readonly JsonEncodedText ParentActivityInstanceId = JsonEncodedText.Encode("parentActivityInstanceId");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText Payload = JsonEncodedText.Encode("payload");

    /// <summary>The records (in order) as stored in a burst row of <paramref name="state"/>'s instance: fields the instance row already says are left out.</summary>
    public static string Write(IReadOnlyList<JournalRecord> records, WorkflowState state)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        Write(records, state, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>As <see cref="Write(IReadOnlyList{JournalRecord}, WorkflowState)"/>, as UTF-8 into <paramref name="output"/> (the commit binds it from there, see <see cref="Utf8Text"/>).</summary>
    public static void Write(IReadOnlyList<JournalRecord> records, WorkflowState state, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, PersistenceJson.WriterOptions);
        writer.WriteStartArray();
        for (var i = 0; i < records.Count; i++)
            WriteEntry(writer, records[i], state);
        writer.WriteEndArray();
    }

    private static void WriteEntry(Utf8JsonWriter writer, JournalRecord record, WorkflowState state)
    {
        writer.WriteStartObject();
        if (!(record.HasDefaultId && string.Equals(record.WorkflowInstanceId, state.Id, StringComparison.Ordinal)))
            writer.WriteString(Id, record.Id);
        writer.WriteNumber(Sequence, record.Sequence);
        if (!string.Equals(record.WorkflowDefinitionId, state.DefinitionId, StringComparison.Ordinal))
            writer.WriteString(DefinitionId, record.WorkflowDefinitionId);
        if (!string.Equals(record.WorkflowDefinitionVersionId, state.DefinitionVersionId, StringComparison.Ordinal))
            writer.WriteString(DefinitionVersionId, record.WorkflowDefinitionVersionId);
        if (record.WorkflowVersion != state.DefinitionVersion)
            writer.WriteNumber(WorkflowVersion, record.WorkflowVersion);
        writer.WriteString(Timestamp, record.Timestamp);
        writer.WriteString(EventName, record.EventName);
        writer.WriteString(ActivityId, record.ActivityId);
        writer.WriteString(ActivityType, record.ActivityType);
        if (record.ActivityTypeVersion != 1)
            writer.WriteNumber(ActivityTypeVersion, record.ActivityTypeVersion);
        WriteIfNotNull(writer, ActivityName, record.ActivityName);
        writer.WriteString(ActivityNodeId, record.ActivityNodeId);
        writer.WriteString(ActivityInstanceId, record.ActivityInstanceId);
        WriteIfNotNull(writer, ParentActivityInstanceId, record.ParentActivityInstanceId);
        WriteIfNotNull(writer, Message, record.Message);
        WriteIfNotNull(writer, Source, record.Source);
        if (record.Payload is { } payload)
        {
            writer.WritePropertyName(Payload);
            JsonSerializer.Serialize(writer, payload, PersistenceJson.Options);
        }

        writer.WriteEndObject();
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }
}
