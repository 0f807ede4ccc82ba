using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CaseFlow.Workflows.Runtime.Snapshots;

/// <summary>
/// An enum's names as <c>JsonStringEnumConverter</c> (no naming policy) writes them, for the hand-written snapshot
/// JSON: a value without a name is written by the serializer, and only the exact names are read (the converter's
/// other forms are left to the serializer).
/// </summary>
internal sealed class SnapshotEnumNames<T>
    where T : struct, Enum
{
    public static readonly SnapshotEnumNames<T> Instance = new();

    private readonly JsonEncodedText[] _names;

    private SnapshotEnumNames()
    {
        var values = Enum.GetValues<T>();
        if (Enum.GetUnderlyingType(typeof(T)) != typeof(int) || !values.Select(Index).SequenceEqual(Enumerable.Range(0, values.Length)))
            throw new InvalidOperationException($"{typeof(T).Name} is not an int enum numbered 0, 1, 2…");
        _names = [.. values.Select(v => JsonEncodedText.Encode(v.ToString()))];
    }

    public void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var index = Index(value);
        if ((uint)index < (uint)_names.Length)
            writer.WriteStringValue(_names[index]);
        else
            JsonSerializer.Serialize(writer, value, options);
    }

    public bool TryRead(ref Utf8JsonReader reader, out T value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (reader.ValueTextEquals(_names[i].EncodedUtf8Bytes))
                {
                    value = Unsafe.As<int, T>(ref i);
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static int Index(T value) => Unsafe.As<T, int>(ref value);
}
