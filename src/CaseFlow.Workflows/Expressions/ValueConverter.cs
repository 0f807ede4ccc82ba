using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Expressions;

/// <summary>
/// Converts values between the shapes expressions produce and the types inputs and variables declare.
/// Values kept in workflow state are "plain": null, string, bool, numbers, DateTimeOffset, TimeSpan, Guid,
/// <c>Dictionary&lt;string, object?&gt;</c> and <c>List&lt;object?&gt;</c>, so they serialize without type information.
/// </summary>
public static class ValueConverter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static T? Convert<T>(object? value) => value is T t ? t : (T?)Convert(value, typeof(T));

    public static object? Convert(object? value, Type target)
    {
        ArgumentNullException.ThrowIfNull(target);
        value = ToPlain(value);
        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null)
            return target.IsValueType && underlying is null ? Activator.CreateInstance(target) : null;
        target = underlying ?? target;

        if (target == typeof(object) || target.IsInstanceOfType(value))
            return value;

        try
        {
            return ConvertCore(value, target);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or JsonException or ArgumentException)
        {
            throw new InvalidCastException($"Cannot convert {Describe(value)} to {TypeAliases.GetAlias(target)}: {ex.Message}", ex);
        }
    }

    private static object? ConvertCore(object value, Type target)
    {
        if (target == typeof(string))
            return ToText(value);
        if (target == typeof(bool))
            return value switch
            {
                string s => bool.Parse(s.Trim()),
                double d => d != 0,
                _ => System.Convert.ToBoolean(value, CultureInfo.InvariantCulture),
            };
        if (target == typeof(int) && value is string text && int.TryParse(text, NumberStyles.Integer | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var parsedInt))
            return parsedInt;
        if (target.IsPrimitive || target == typeof(decimal))
        {
            if (value is string s)
                value = double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (value is double d && (target == typeof(int) || target == typeof(long) || target == typeof(short)))
                value = Math.Round(d, MidpointRounding.AwayFromZero);
            return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }

        if (target == typeof(TimeSpan))
            return value switch
            {
                string s => ParseTimeSpan(s),
                double d => TimeSpan.FromMilliseconds(d),
                _ => throw new InvalidCastException("not a time span"),
            };
        if (target == typeof(DateTimeOffset))
            return value switch
            {
                string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DateTime dt => new DateTimeOffset(dt),
                double d => DateTimeOffset.FromUnixTimeMilliseconds((long)d),
                _ => throw new InvalidCastException("not a date"),
            };
        if (target == typeof(DateTime))
            return ((DateTimeOffset)ConvertCore(value, typeof(DateTimeOffset))!).UtcDateTime;
        if (target == typeof(Guid))
            return Guid.Parse(ToText(value));
        if (target.IsEnum)
        {
            var parsed = value is string name ? Enum.Parse(target, name.Trim(), ignoreCase: true) : Enum.ToObject(target, System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
            return Enum.IsDefined(target, parsed) ? parsed : throw new InvalidCastException($"{value} is not one of {string.Join(", ", Enum.GetNames(target))}");
        }
        if (target == typeof(string[]))
            return ToList(value).Select(ToTextOrNull).ToArray();
        if (target == typeof(List<string>))
            return ToList(value).Select(ToTextOrNull).ToList();
        if (target == typeof(List<object?>))
            return ToList(value);
        if (target == typeof(Dictionary<string, object?>))
            return ToDictionary(value);
        if (target == typeof(Dictionary<string, string>))
            return ToDictionary(value).ToDictionary(p => p.Key, p => ToText(p.Value));
        if (target == typeof(JsonNode) || target == typeof(JsonObject) || target == typeof(JsonArray))
            return JsonNode.Parse(value is string js ? js : JsonSerializer.Serialize(value, JsonOptions));
        if (target == typeof(JsonElement))
            return JsonDocument.Parse(value is string je ? je : JsonSerializer.Serialize(value, JsonOptions)).RootElement.Clone();
        if (target == typeof(byte[]))
            return value is string b64 ? System.Convert.FromBase64String(b64) : throw new InvalidCastException("not base64");
        return value;
    }

    private static TimeSpan ParseTimeSpan(string s)
    {
        s = s.Trim();
        if (s.StartsWith('P') || s.StartsWith("-P", StringComparison.Ordinal))
            return System.Xml.XmlConvert.ToTimeSpan(s);
        return TimeSpan.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>Text for WriteLine and string inputs: strings as-is, numbers invariant, objects and arrays as JSON.</summary>
    public static string ToText(object? value) => ToTextOrNull(value) ?? "";

    private static string? ToTextOrNull(object? value) => ToPlain(value) switch
    {
        null => null,
        string s => s,
        bool b => b ? "True" : "False",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("o", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("o", CultureInfo.InvariantCulture),
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary or IList => JsonSerializer.Serialize(value, JsonOptions),
        var other => other.ToString(),
    };

    /// <summary>Normalizes JSON nodes, JSON elements and CLR collections into plain values.</summary>
    public static object? ToPlain(object? value) => value switch
    {
        null => null,
        string or bool or int or long or double or decimal or DateTimeOffset or TimeSpan or Guid => value,
        JsonNode node => FromNode(node),
        JsonElement element => FromElement(element),
        Dictionary<string, object?> => value,
        List<object?> => value,
        IDictionary dictionary => ToDictionary(dictionary),
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        IList list when value is not string => list.Cast<object?>().Select(ToPlain).ToList(),
        _ => value,
    };

    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => FromNode(p.Value)),
        JsonArray a => a.Select(FromNode).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<int>(out var i) ? i : v.TryGetValue<long>(out var l) ? (object)l : v.GetValue<double>(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.ToJsonString(),
        },
        _ => null,
    };

    public static object? FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromElement(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.TryGetInt32(out var i) ? i : e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        _ => null,
    };

    private static List<object?> ToList(object value) => value switch
    {
        List<object?> list => list,
        string s when s.TrimStart().StartsWith('[') => FromNode(JsonNode.Parse(s)) as List<object?> ?? [],
        string s => [s],
        IEnumerable e => e.Cast<object?>().Select(ToPlain).ToList(),
        _ => [value],
    };

    private static Dictionary<string, object?> ToDictionary(object value) => value switch
    {
        Dictionary<string, object?> d => d,
        string s when s.TrimStart().StartsWith('{') => FromNode(JsonNode.Parse(s)) as Dictionary<string, object?> ?? [],
        IDictionary d => d.Keys.Cast<object>().ToDictionary(k => System.Convert.ToString(k, CultureInfo.InvariantCulture)!, k => ToPlain(d[k])),
        _ => throw new InvalidCastException("not an object"),
    };

    private static string Describe(object value) => value switch
    {
        string s => $"\"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
        _ => value.GetType().Name,
    };
}
