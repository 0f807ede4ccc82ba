using System.Text.Json;

namespace CaseFlow.Workflows.Runtime.Snapshots;

/// <summary>
/// Reads a <see cref="WorkflowSnapshot"/> straight from a <see cref="Utf8JsonReader"/>, into the same objects the
/// serializer makes of it (<see cref="WorkflowSnapshotSerializer.DeserializeWithSerializer"/>; a test compares the two).
/// </summary>
/// <remarks>
/// It reads the JSON <see cref="SnapshotJsonWriter"/> and the serializer write: every property the serializer writes
/// present (those it leaves out when null may be missing), under its exact name, once, with a value of the expected
/// token type. Anything else (a property missing, renamed, in other letter case, unknown or repeated, a number in a
/// string, an enum by number, a null where the writer writes none, invalid JSON) makes it return null, and the
/// serializer reads the text with its own rules (defaults, case-insensitive names, errors). Reading a snapshot through
/// the serializer took about a fifth of a resume's time outside SQLite.
/// </remarks>
internal static class SnapshotJsonReader
{
    /// <summary>The snapshot in <paramref name="utf8"/>, or null when the serializer has to read it (see remarks).</summary>
    public static WorkflowSnapshot? TryRead(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8, options);
        try
        {
            if (!reader.Read())
                return null;
            var snapshot = ReadSnapshot(ref reader);
            return reader.Read() ? null : snapshot;
        }
        catch (Exception ex) when (ex is NotTheWrittenShapeException or JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static WorkflowSnapshot ReadSnapshot(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        int schemaVersion = 0;
        WorkflowState? state = null;
        List<ActivityContextSnapshot>? contexts = null;
        Dictionary<string, Dictionary<string, object?>>? outputs = null;
        object? lastResult = null;
        List<ScheduledWorkSnapshot>? scheduled = null;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "schemaVersion"u8, ref seen, 0))
                schemaVersion = ReadInt32(ref reader);
            else if (Is(ref reader, "state"u8, ref seen, 1))
                state = ReadState(ref reader);
            else if (Is(ref reader, "contexts"u8, ref seen, 2))
                contexts = ReadList(ref reader, ReadContext);
            else if (Is(ref reader, "outputs"u8, ref seen, 3))
                outputs = ReadOutputs(ref reader);
            else if (Is(ref reader, "lastResult"u8, ref seen, 4))
                lastResult = ReadPlain(ref reader);
            else if (Is(ref reader, "scheduled"u8, ref seen, 5))
                scheduled = ReadList(ref reader, ReadScheduled);
            else
                throw new NotTheWrittenShapeException();
        }

        seen.Require(0b10_1111);
        return new WorkflowSnapshot
        {
            SchemaVersion = schemaVersion,
            State = state!,
            Contexts = contexts!,
            Outputs = outputs!,
            LastResult = lastResult,
            Scheduled = scheduled!,
        };
    }

    private static WorkflowState ReadState(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        string? id = null, definitionId = null, definitionVersionId = null, correlationId = null, name = null, parentId = null, triggerActivityId = null;
        int definitionVersion = 0;
        long executionLogSequence = 0;
        var subStatus = WorkflowSubStatus.Pending;
        Dictionary<string, object?>? input = null, output = null;
        List<Bookmark>? bookmarks = null;
        List<ActivityIncident>? incidents = null;
        List<string>? outcomes = null, appliedStimuli = null;
        DateTimeOffset createdAt = default, updatedAt = default;
        DateTimeOffset? finishedAt = null;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "id"u8, ref seen, 0))
                id = ReadString(ref reader);
            else if (Is(ref reader, "definitionId"u8, ref seen, 1))
                definitionId = ReadString(ref reader);
            else if (Is(ref reader, "definitionVersionId"u8, ref seen, 2))
                definitionVersionId = ReadString(ref reader);
            else if (Is(ref reader, "definitionVersion"u8, ref seen, 3))
                definitionVersion = ReadInt32(ref reader);
            else if (Is(ref reader, "correlationId"u8, ref seen, 4))
                correlationId = ReadNullableString(ref reader);
            else if (Is(ref reader, "name"u8, ref seen, 5))
                name = ReadNullableString(ref reader);
            else if (Is(ref reader, "parentWorkflowInstanceId"u8, ref seen, 6))
                parentId = ReadNullableString(ref reader);
            else if (Is(ref reader, "subStatus"u8, ref seen, 7))
                subStatus = ReadSubStatus(ref reader);
            else if (Is(ref reader, "status"u8, ref seen, 8) || Is(ref reader, "incidentCount"u8, ref seen, 9))
                SkipValue(ref reader); // read-only: the serializer ignores them too
            else if (Is(ref reader, "input"u8, ref seen, 10))
                input = ReadDictionary(ref reader);
            else if (Is(ref reader, "output"u8, ref seen, 11))
                output = ReadDictionary(ref reader);
            else if (Is(ref reader, "bookmarks"u8, ref seen, 12))
                bookmarks = ReadList(ref reader, ReadBookmark);
            else if (Is(ref reader, "incidents"u8, ref seen, 13))
                incidents = ReadList(ref reader, ReadIncident);
            else if (Is(ref reader, "outcomes"u8, ref seen, 14))
                outcomes = ReadNullableStrings(ref reader);
            else if (Is(ref reader, "createdAt"u8, ref seen, 15))
                createdAt = ReadTime(ref reader);
            else if (Is(ref reader, "updatedAt"u8, ref seen, 16))
                updatedAt = ReadTime(ref reader);
            else if (Is(ref reader, "finishedAt"u8, ref seen, 17))
                finishedAt = ReadNullableTime(ref reader);
            else if (Is(ref reader, "executionLogSequence"u8, ref seen, 18))
                executionLogSequence = ReadInt64(ref reader);
            else if (Is(ref reader, "triggerActivityId"u8, ref seen, 19))
                triggerActivityId = ReadNullableString(ref reader);
            else if (Is(ref reader, "appliedStimuli"u8, ref seen, 20))
                appliedStimuli = ReadNullableStrings(ref reader) ?? throw new NotTheWrittenShapeException();
            else
                throw new NotTheWrittenShapeException();
        }

        // Everything but the properties left out when null (4-6, 14, 17, 19); status and incidentCount are written always.
        seen.Require(0b1_0101_1011_1111_1000_1111);
        return new WorkflowState
        {
            Id = id!,
            DefinitionId = definitionId!,
            DefinitionVersionId = definitionVersionId!,
            DefinitionVersion = definitionVersion,
            CorrelationId = correlationId,
            Name = name,
            ParentWorkflowInstanceId = parentId,
            SubStatus = subStatus,
            Input = input!,
            Output = output!,
            Bookmarks = bookmarks!,
            Incidents = incidents!,
            Outcomes = outcomes,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
            FinishedAt = finishedAt,
            ExecutionLogSequence = executionLogSequence,
            TriggerActivityId = triggerActivityId,
            AppliedStimuli = appliedStimuli!,
        };
    }

    private static Bookmark ReadBookmark(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        string? id = null, name = null, hash = null, activityId = null, activityNodeId = null, activityInstanceId = null, callback = null;
        Dictionary<string, object?>? payload = null;
        DateTimeOffset createdAt = default;
        DateTimeOffset? dueAt = null;
        var autoBurn = false;
        Dictionary<string, string>? metadata = null;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "id"u8, ref seen, 0))
                id = ReadString(ref reader);
            else if (Is(ref reader, "name"u8, ref seen, 1))
                name = ReadString(ref reader);
            else if (Is(ref reader, "hash"u8, ref seen, 2))
                hash = ReadString(ref reader);
            else if (Is(ref reader, "payload"u8, ref seen, 3))
                payload = ReadDictionary(ref reader);
            else if (Is(ref reader, "activityId"u8, ref seen, 4))
                activityId = ReadString(ref reader);
            else if (Is(ref reader, "activityNodeId"u8, ref seen, 5))
                activityNodeId = ReadString(ref reader);
            else if (Is(ref reader, "activityInstanceId"u8, ref seen, 6))
                activityInstanceId = ReadString(ref reader);
            else if (Is(ref reader, "createdAt"u8, ref seen, 7))
                createdAt = ReadTime(ref reader);
            else if (Is(ref reader, "autoBurn"u8, ref seen, 8))
                autoBurn = ReadBoolean(ref reader);
            else if (Is(ref reader, "callbackMethodName"u8, ref seen, 9))
                callback = ReadNullableString(ref reader);
            else if (Is(ref reader, "dueAt"u8, ref seen, 10))
                dueAt = ReadNullableTime(ref reader);
            else if (Is(ref reader, "metadata"u8, ref seen, 11))
                metadata = ReadMetadata(ref reader);
            else
                throw new NotTheWrittenShapeException();
        }

        seen.Require(0b1_1111_1111);
        return new Bookmark
        {
            Id = id!,
            Name = name!,
            Hash = hash!,
            Payload = payload!,
            ActivityId = activityId!,
            ActivityNodeId = activityNodeId!,
            ActivityInstanceId = activityInstanceId!,
            CreatedAt = createdAt,
            AutoBurn = autoBurn,
            CallbackMethodName = callback,
            DueAt = dueAt,
            Metadata = metadata,
        };
    }

    private static ActivityIncident ReadIncident(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        string? id = null, activityId = null, activityNodeId = null, activityInstanceId = null, activityType = null, message = null;
        ExceptionState? exception = null;
        DateTimeOffset timestamp = default;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "id"u8, ref seen, 0))
                id = ReadString(ref reader);
            else if (Is(ref reader, "activityId"u8, ref seen, 1))
                activityId = ReadString(ref reader);
            else if (Is(ref reader, "activityNodeId"u8, ref seen, 2))
                activityNodeId = ReadString(ref reader);
            else if (Is(ref reader, "activityInstanceId"u8, ref seen, 3))
                activityInstanceId = ReadString(ref reader);
            else if (Is(ref reader, "activityType"u8, ref seen, 4))
                activityType = ReadString(ref reader);
            else if (Is(ref reader, "message"u8, ref seen, 5))
                message = ReadString(ref reader);
            else if (Is(ref reader, "exception"u8, ref seen, 6))
                exception = ReadException(ref reader);
            else if (Is(ref reader, "timestamp"u8, ref seen, 7))
                timestamp = ReadTime(ref reader);
            else
                throw new NotTheWrittenShapeException();
        }

        seen.Require(0b1011_1111);
        return new ActivityIncident(id!, activityId!, activityNodeId!, activityInstanceId!, activityType!, message!, exception, timestamp);
    }

    private static ExceptionState? ReadException(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        string? type = null, message = null, stackTrace = null;
        ExceptionState? inner = null;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "type"u8, ref seen, 0))
                type = ReadString(ref reader);
            else if (Is(ref reader, "message"u8, ref seen, 1))
                message = ReadString(ref reader);
            else if (Is(ref reader, "stackTrace"u8, ref seen, 2))
                stackTrace = ReadNullableString(ref reader);
            else if (Is(ref reader, "innerException"u8, ref seen, 3))
                inner = ReadException(ref reader);
            else
                throw new NotTheWrittenShapeException();
        }

        seen.Require(0b11);
        return new ExceptionState(type!, message!, stackTrace, inner);
    }

    private static ActivityContextSnapshot ReadContext(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        string? id = null, nodeId = null, parentId = null;
        var status = ActivityStatus.Pending;
        DateTimeOffset startedAt = default;
        var backward = false;
        Dictionary<string, object?>? properties = null, variables = null;
        WorkflowScopeSnapshot? scope = null;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "id"u8, ref seen, 0))
                id = ReadString(ref reader);
            else if (Is(ref reader, "nodeId"u8, ref seen, 1))
                nodeId = ReadString(ref reader);
            else if (Is(ref reader, "parentId"u8, ref seen, 2))
                parentId = ReadNullableString(ref reader);
            else if (Is(ref reader, "status"u8, ref seen, 3))
                status = ReadActivityStatus(ref reader);
            else if (Is(ref reader, "startedAt"u8, ref seen, 4))
                startedAt = ReadTime(ref reader);
            else if (Is(ref reader, "scheduledByBackwardConnection"u8, ref seen, 5))
                backward = ReadBoolean(ref reader);
            else if (Is(ref reader, "properties"u8, ref seen, 6))
                properties = ReadNullableDictionary(ref reader);
            else if (Is(ref reader, "variables"u8, ref seen, 7))
                variables = ReadNullableDictionary(ref reader);
            else if (Is(ref reader, "scope"u8, ref seen, 8))
                scope = ReadScope(ref reader);
            else
                throw new NotTheWrittenShapeException();
        }

        seen.Require(0b11_1011);
        return new ActivityContextSnapshot
        {
            Id = id!,
            NodeId = nodeId!,
            ParentId = parentId,
            Status = status,
            StartedAt = startedAt,
            ScheduledByBackwardConnection = backward,
            Properties = properties,
            Variables = variables,
            Scope = scope,
        };
    }

    private static WorkflowScopeSnapshot? ReadScope(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        Dictionary<string, object?>? inputs = null, outputs = null;
        List<string>? outcomes = null;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "inputs"u8, ref seen, 0))
                inputs = ReadDictionary(ref reader);
            else if (Is(ref reader, "outputs"u8, ref seen, 1))
                outputs = ReadDictionary(ref reader);
            else if (Is(ref reader, "outcomes"u8, ref seen, 2))
                outcomes = ReadNullableStrings(ref reader);
            else
                throw new NotTheWrittenShapeException();
        }

        seen.Require(0b11);
        return new WorkflowScopeSnapshot { Inputs = inputs!, Outputs = outputs!, Outcomes = outcomes };
    }

    private static ScheduledWorkSnapshot ReadScheduled(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var seen = new Seen();
        string? nodeId = null, ownerId = null;
        var backward = false;
        Bookmark? bookmark = null;
        object? input = null;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "nodeId"u8, ref seen, 0))
                nodeId = ReadNullableString(ref reader);
            else if (Is(ref reader, "ownerId"u8, ref seen, 1))
                ownerId = ReadString(ref reader);
            else if (Is(ref reader, "backward"u8, ref seen, 2))
                backward = ReadBoolean(ref reader);
            else if (Is(ref reader, "bookmark"u8, ref seen, 3))
                bookmark = reader.TokenType == JsonTokenType.Null ? null : ReadBookmark(ref reader);
            else if (Is(ref reader, "input"u8, ref seen, 4))
                input = ReadPlain(ref reader);
            else
                throw new NotTheWrittenShapeException();
        }

        seen.Require(0b110);
        return new ScheduledWorkSnapshot { NodeId = nodeId, OwnerId = ownerId!, Backward = backward, Bookmark = bookmark, Input = input };
    }

    private static Dictionary<string, Dictionary<string, object?>> ReadOutputs(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var outputs = new Dictionary<string, Dictionary<string, object?>>();
        while (NextProperty(ref reader))
        {
            if (!outputs.TryAdd(reader.GetString()!, Value(ref reader, ReadDictionary)))
                throw new NotTheWrittenShapeException();
        }

        return outputs;
    }

    // ---- values ------------------------------------------------------------------------------------------

    private delegate T ReadValue<out T>(ref Utf8JsonReader reader);

    /// <summary>Moves from a property name to its value and reads it.</summary>
    private static T Value<T>(ref Utf8JsonReader reader, ReadValue<T> read)
    {
        reader.Read();
        return read(ref reader);
    }

    /// <summary>A JSON array, each element read by <paramref name="read"/> (elements are never null in a written snapshot).</summary>
    private static List<T> ReadList<T>(ref Utf8JsonReader reader, ReadValue<T> read)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
                throw new NotTheWrittenShapeException();
            list.Add(read(ref reader));
        }

        return list;
    }

    /// <summary>A typed <c>Dictionary&lt;string, object?&gt;</c> property: a new dictionary (default comparer, as the serializer makes it), values as plain values.</summary>
    private static Dictionary<string, object?> ReadDictionary(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var dictionary = new Dictionary<string, object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            // A repeated key: the serializer's rule for typed dictionaries applies (it differs from plain values').
            if (!dictionary.TryAdd(key, ReadPlain(ref reader)))
                throw new NotTheWrittenShapeException();
        }

        return dictionary;
    }

    private static Dictionary<string, object?>? ReadNullableDictionary(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadDictionary(ref reader);

    private static Dictionary<string, string>? ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var metadata = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (!metadata.TryAdd(key, ReadNullableString(ref reader)!))
                throw new NotTheWrittenShapeException();
        }

        return metadata;
    }

    private static List<string>? ReadNullableStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(ReadNullableString(ref reader)!);
        return list;
    }

    private static object? ReadPlain(ref Utf8JsonReader reader) => WorkflowSnapshotSerializer.ReadPlain(ref reader);

    private static string ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new NotTheWrittenShapeException();

    private static string? ReadNullableString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader);

    private static int ReadInt32(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw new NotTheWrittenShapeException();

    private static long ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw new NotTheWrittenShapeException();

    private static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new NotTheWrittenShapeException(),
    };

    private static DateTimeOffset ReadTime(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value) ? value : throw new NotTheWrittenShapeException();

    private static DateTimeOffset? ReadNullableTime(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadTime(ref reader);

    // Enums by their exact names, as the writer writes them; JsonStringEnumConverter's other forms (numbers, other
    // letter case, lists of flags) are left to the serializer.
    private static WorkflowSubStatus ReadSubStatus(ref Utf8JsonReader reader) =>
        SnapshotEnumNames<WorkflowSubStatus>.Instance.TryRead(ref reader, out var value) ? value : throw new NotTheWrittenShapeException();

    private static ActivityStatus ReadActivityStatus(ref Utf8JsonReader reader) =>
        SnapshotEnumNames<ActivityStatus>.Instance.TryRead(ref reader, out var value) ? value : throw new NotTheWrittenShapeException();

    // ---- structure ---------------------------------------------------------------------------------------

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
            throw new NotTheWrittenShapeException();
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>
    /// Whether the current property is <paramref name="name"/>; if so, marks it seen (a second time is not the written
    /// shape) and moves to its value.
    /// </summary>
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref Seen seen, int bit)
    {
        if (!reader.ValueTextEquals(name))
            return false;
        seen.Mark(bit);
        reader.Read();
        return true;
    }

    private static void SkipValue(ref Utf8JsonReader reader) => reader.Skip();

    /// <summary>Which properties of an object were read.</summary>
    private struct Seen
    {
        private int _bits;

        public void Mark(int bit)
        {
            if ((_bits & (1 << bit)) != 0)
                throw new NotTheWrittenShapeException();
            _bits |= 1 << bit;
        }

        public readonly void Require(int bits)
        {
            if ((_bits & bits) != bits)
                throw new NotTheWrittenShapeException();
        }
    }

    /// <summary>The text is not what the writer writes: the serializer reads it.</summary>
    private sealed class NotTheWrittenShapeException : Exception;
}
