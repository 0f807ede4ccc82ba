using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotLiquid;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>
/// Converts context values into what DotLiquid can render and walk: <see cref="Hash"/> for objects, lists for arrays,
/// primitives and dates as they are. DotLiquid renders unknown CLR objects only when registered as safe types, so
/// everything else crosses as the JSON it would serialize to.
/// </summary>
internal static class LiquidValues
{
    private const int MaxDepth = 128;

    public static object? ToLiquid(object? value) => ToLiquid(value, 0);

    private static object? ToLiquid(object? value, int depth)
    {
        switch (value)
        {
            case null or string or bool or int or long or double or decimal or float or short or ushort or byte or sbyte or uint or ulong:
            case DateTime or DateTimeOffset:
                return value;
            case Guid or Enum or TimeSpan or Uri or char:
                return Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        if (depth >= MaxDepth)
        {
            throw new ExpressionException($"A value passed to Liquid is nested more than {MaxDepth} levels deep (or refers to itself).");
        }

        return value switch
        {
            JsonElement element => FromJson(element, depth),
            JsonNode node => FromJson(node, depth),
            IDictionary<string, object?> dictionary => FromPairs(dictionary, depth),
            IReadOnlyDictionary<string, object?> dictionary => FromPairs(dictionary, depth),
            IDictionary dictionary => FromPairs(
                dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty, e.Value)),
                depth),
            IEnumerable sequence => sequence.Cast<object?>().Select(item => ToLiquid(item, depth + 1)).ToList(),
            _ => FromJson(JsonSerializer.SerializeToElement(value, value.GetType()), depth),
        };
    }

    private static Hash FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        var hash = new Hash();
        foreach (var (key, item) in pairs)
        {
            hash[key] = ToLiquid(item, depth + 1);
        }

        return hash;
    }

    private static object? FromJson(JsonNode node, int depth) => node switch
    {
        JsonObject obj => FromPairs(obj.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)), depth),
        JsonArray array => array.Select(item => ToLiquid(item, depth + 1)).ToList(),
        JsonValue v when v.TryGetValue<object>(out var raw) => ToLiquid(raw, depth),
        _ => null,
    };

    private static object? FromJson(JsonElement element, int depth) => element.ValueKind switch
    {
        JsonValueKind.Object => FromPairs(element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)), depth),
        JsonValueKind.Array => element.EnumerateArray().Select(item => ToLiquid(item, depth + 1)).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
