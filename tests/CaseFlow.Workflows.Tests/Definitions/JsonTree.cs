using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Tests.Definitions;

/// <summary>Compares JSON trees: normalized (keys sorted) equality, and "every property of A is in B".</summary>
internal static class JsonTree
{
    public static JsonNode Parse(string json) => JsonNode.Parse(json) ?? throw new InvalidOperationException("null JSON");

    /// <summary>A canonical string: object keys sorted ordinally, no whitespace.</summary>
    public static string Normalize(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    public static DateTimeOffset ParseDate(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);

    /// <summary>Asserts that every property (recursively) and array element of <paramref name="expected"/> appears unchanged in <paramref name="actual"/>.</summary>
    public static void AssertContains(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null || actual.GetValueKind() == JsonValueKind.Null, $"{path}: expected null, got {actual?.ToJsonString()}");
                return;
            case JsonObject o:
                var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (var (key, value) in o)
                {
                    Assert.True(actualObject.ContainsKey(key), $"{path}.{key}: missing after the round trip");
                    AssertContains(value, actualObject[key], $"{path}.{key}");
                }

                return;
            case JsonArray a:
                var actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(a.Count == actualArray.Count, $"{path}: expected {a.Count} items, got {actualArray.Count}");
                for (var i = 0; i < a.Count; i++)
                    AssertContains(a[i], actualArray[i], $"{path}[{i}]");
                return;
            case JsonValue when path.EndsWith(".createdAt", StringComparison.Ordinal):
                // The writer may print a different number of fractional digits; the instant must not change.
                Assert.Equal(ParseDate(expected), ParseDate(actual));
                return;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                return;
        }
    }
}
