using System.Buffers;
using System.Text;
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
    // The serializer's own limit (its default, made explicit): the hand-written reader and writer keep to it too.
    private const int MaxDepth = 64;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Options.Encoder, MaxDepth = MaxDepth, SkipValidation = true };

    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    // Invalid UTF-16 (a lone surrogate) fails as it fails in the serializer, instead of becoming U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>The snapshot as JSON (written by <see cref="SnapshotJsonWriter"/>, byte for byte what the serializer writes).</summary>
    public static string Serialize(WorkflowSnapshot snapshot)
    {
        var buffer = RentBuffer();
        Serialize(snapshot, buffer);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        ReturnBuffer(buffer);
        return text;
    }

    /// <summary>The snapshot as UTF-8 JSON, appended to <paramref name="output"/>.</summary>
    public static void Serialize(WorkflowSnapshot snapshot, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        SnapshotJsonWriter.Write(writer, snapshot, Options);
    }

    public static WorkflowSnapshot Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[]? rented = null;
        try
        {
            int length;
            try
            {
                rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(json.Length));
                length = StrictUtf8.GetBytes(json, rented);
            }
            catch (EncoderFallbackException)
            {
                return DeserializeWithSerializer(json);
            }

            return SnapshotJsonReader.TryRead(rented.AsSpan(0, length), ReaderOptions) is { } snapshot ? Checked(snapshot) : DeserializeWithSerializer(json);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// A snapshot from its UTF-8 JSON (as a database stores it, without making a string of it first); the same as
    /// <see cref="Deserialize(string)"/> of the text the bytes decode to.
    /// </summary>
    public static WorkflowSnapshot Deserialize(ReadOnlySpan<byte> utf8Json) =>
        SnapshotJsonReader.TryRead(utf8Json, ReaderOptions) is { } snapshot ? Checked(snapshot) : DeserializeWithSerializer(Encoding.UTF8.GetString(utf8Json));

    /// <summary>The serializer's way (reflection metadata, converters): the reference the hand-written path is compared with, and its fallback.</summary>
    internal static string SerializeWithSerializer(WorkflowSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    /// <inheritdoc cref="SerializeWithSerializer"/>
    internal static WorkflowSnapshot DeserializeWithSerializer(string json) =>
        Checked(JsonSerializer.Deserialize<WorkflowSnapshot>(json, Options) ?? throw new JsonException("empty snapshot"));

    private static WorkflowSnapshot Checked(WorkflowSnapshot snapshot) =>
        snapshot.SchemaVersion <= WorkflowSnapshot.CurrentSchemaVersion
            ? snapshot
            : throw new NotSupportedException($"Snapshot schema {snapshot.SchemaVersion} is newer than this engine's ({WorkflowSnapshot.CurrentSchemaVersion})");

    private static ArrayBufferWriter<byte> RentBuffer()
    {
        var buffer = _buffer ?? new ArrayBufferWriter<byte>(4096);
        _buffer = null; // a snapshot value's own serialization may serialize a snapshot: it gets a buffer of its own
        buffer.ResetWrittenCount();
        return buffer;
    }

    private static void ReturnBuffer(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= 1 << 20)
            _buffer = buffer; // one huge snapshot does not keep a megabyte per thread
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
        var value = ReadPlain(ref reader);
        return reader.Read() ? throw new JsonException("JSON text has more than one value") : value;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = MaxDepth,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new PlainObjectConverter());
        return options;
    }

    /// <summary>The value at the reader as a plain value (see <see cref="ReadPlainValue"/>); the reader ends on its last token.</summary>
    internal static object? ReadPlain(ref Utf8JsonReader reader) => PlainObjectConverter.ReadPlain(ref reader);

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
