using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime.Snapshots;

/// <summary>
/// Writes and reads <see cref="WorkflowSnapshot"/>s as JSON. Untyped values (variables, payloads, outputs) come back
/// as plain values (see <see cref="ValueConverter"/>); typed variables are converted back to their declared types
/// when the instance is restored.
/// </summary>
public static class WorkflowSnapshotSerializer
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(WorkflowSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    public static WorkflowSnapshot Deserialize(string json)
    {
        var snapshot = JsonSerializer.Deserialize<WorkflowSnapshot>(json, Options) ?? throw new JsonException("empty snapshot");
        return snapshot.SchemaVersion <= WorkflowSnapshot.CurrentSchemaVersion
            ? snapshot
            : throw new NotSupportedException($"Snapshot schema {snapshot.SchemaVersion} is newer than this engine's ({WorkflowSnapshot.CurrentSchemaVersion})");
    }

    /// <summary>
    /// A JSON text as plain values (objects as <c>Dictionary&lt;string, object?&gt;</c>, arrays as lists, numbers as int,
    /// long, then double), read straight from a reader: what <see cref="ValueConverter.FromElement"/> makes of a parsed
    /// document, without the document.
    /// </summary>
    public static object? ReadPlainValue(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        if (!reader.Read())
            throw new JsonException("empty JSON");
        var value = PlainObjectConverter.ReadPlain(ref reader);
        return reader.Read() ? throw new JsonException("JSON text has more than one value") : value;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new PlainObjectConverter());
        return options;
    }

    /// <summary>Reads <c>object</c>-typed values as plain values instead of <see cref="JsonElement"/>s.</summary>
    private sealed class PlainObjectConverter : JsonConverter<object>
    {
        // Straight from the reader, with ValueConverter.FromElement's rules (numbers as int, long, then double; a
        // repeated key fails): a JsonDocument per value cost about a third of reading a snapshot.
        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadPlain(ref reader);

        public static object? ReadPlain(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var dictionary = new Dictionary<string, object?>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var name = reader.GetString()!;
                        reader.Read();
                        dictionary.Add(name, ReadPlain(ref reader));
                    }

                    return dictionary;
                case JsonTokenType.StartArray:
                    var list = new List<object?>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        list.Add(ReadPlain(ref reader));
                    return list;
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.Number:
                    return reader.TryGetInt32(out var i) ? i : reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble();
                default:
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
        {
            var type = value.GetType();
            if (type == typeof(object))
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
                return;
            }

            JsonSerializer.Serialize(writer, value, type, options);
        }
    }
}
