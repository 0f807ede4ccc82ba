using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Workflows.Runtime.Snapshots;

namespace CaseFlow.Cases.Persistence;

/// <summary>JSON columns (payloads, inputs, metadata): written compactly, read back as plain values like snapshots are.</summary>
internal static class PersistenceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writer options matching <see cref="Options"/>, for JSON written by hand (<see cref="JournalJson"/>).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Options.Encoder, SkipValidation = true };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static string? WriteOrNull<T>(T? value) => value is null ? null : JsonSerializer.Serialize(value, Options);

    /// <summary>A JSON value as plain values: objects as <c>Dictionary&lt;string, object?&gt;</c>, arrays as lists.</summary>
    public static object? ReadPlain(string? json)
    {
        return json is null ? null : WorkflowSnapshotSerializer.ReadPlainValue(json);
    }

    public static Dictionary<string, object?> ReadObject(string? json) =>
        ReadPlain(json) as Dictionary<string, object?> ?? new Dictionary<string, object?>();

    public static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
