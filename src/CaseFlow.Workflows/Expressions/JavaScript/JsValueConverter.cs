using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Array;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// Copies values between .NET and one engine as plain data (objects, arrays, primitives, dates), so scripts never
/// hold a CLR object. Numbers come back as <see cref="double"/>, whatever their value, because that is what a
/// JavaScript number is; BigInts come back as <see cref="long"/> when they fit.
/// </summary>
internal sealed class JsValueConverter(Engine engine, long maxResultValues, string resultTooLargeMessage)
{
    // Bounds both directions: a cyclic .NET graph or a self-referencing script object would otherwise recurse until the
    // native stack overflows, which no catch can survive.
    internal const int MaxDepth = 128;

    private static readonly long MinDateMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxDateMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public JsValue ToJs(object? value) => ToJs(value, 0);

    public object? ToClr(JsValue value)
    {
        // A sparse `new Array(1e9)` costs the script nothing but would cost us a billion-slot list: the budget is
        // checked before anything is allocated.
        var remaining = maxResultValues;
        return ToClr(value, 0, ref remaining);
    }

    private JsValue ToJs(object? value, int depth)
    {
        switch (value)
        {
            case null: return JsValue.Null;
            case JsValue js: return js;
            case string s: return new JsString(s);
            case bool b: return b ? JsBoolean.True : JsBoolean.False;
            case int i: return JsNumber.Create(i);
            case long l: return JsNumber.Create(l);
            case double d: return JsNumber.Create(d);
            case decimal m: return JsNumber.Create(m);
            case float or short or ushort or byte or sbyte or uint or ulong:
                return JsNumber.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTimeOffset dto: return new JsDate(engine, dto);
            case DateTime dt: return new JsDate(engine, dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt);
            case Guid g: return new JsString(g.ToString());
            case char c: return new JsString(c);
            case Enum e: return new JsString(e.ToString());
            case TimeSpan ts: return new JsString(ts.ToString("c", CultureInfo.InvariantCulture));
            case Uri uri: return new JsString(uri.ToString());
        }

        if (depth >= MaxDepth)
        {
            throw new ExpressionException($"A value passed to JavaScript is nested more than {MaxDepth} levels deep (or refers to itself).");
        }

        return value switch
        {
            JsonElement element => FromJson(element, depth),
            JsonNode node => FromJson(node, depth),
            IDictionary<string, object?> dictionary => FromPairs(dictionary, depth),
            IReadOnlyDictionary<string, object?> dictionary => FromPairs(dictionary, depth),
            IDictionary dictionary => FromDictionary(dictionary, depth),
            IEnumerable sequence => FromSequence(sequence, depth),
            // Anything else (records, POCOs) crosses as the JSON it would serialize to, never as a live CLR object.
            _ => FromJson(JsonSerializer.SerializeToElement(value, value.GetType()), depth),
        };
    }

    private JsObject FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        var result = new JsObject(engine);
        foreach (var (key, item) in pairs)
        {
            result.CreateDataProperty(new JsString(key), ToJs(item, depth + 1));
        }

        return result;
    }

    private JsObject FromDictionary(IDictionary dictionary, int depth)
    {
        var result = new JsObject(engine);
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            result.CreateDataProperty(new JsString(key), ToJs(entry.Value, depth + 1));
        }

        return result;
    }

    private JsArray FromSequence(IEnumerable sequence, int depth)
    {
        var items = new List<JsValue>();
        foreach (var item in sequence)
        {
            items.Add(ToJs(item, depth + 1));
        }

        return new JsArray(engine, items.ToArray());
    }

    private JsValue FromJson(JsonNode node, int depth) => node switch
    {
        JsonObject obj => FromPairs(obj.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)), depth),
        JsonArray array => FromSequence(array, depth),
        JsonValue v when v.TryGetValue<object>(out var raw) => ToJs(raw, depth),
        _ => JsValue.Null,
    };

    private JsValue FromJson(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsObject(engine);
                foreach (var property in element.EnumerateObject())
                {
                    obj.CreateDataProperty(new JsString(property.Name), ToJs(property.Value, depth + 1));
                }

                return obj;
            case JsonValueKind.Array:
                return new JsArray(engine, element.EnumerateArray().Select(e => ToJs(e, depth + 1)).ToArray());
            case JsonValueKind.String:
                return new JsString(element.GetString()!);
            case JsonValueKind.Number:
                return JsNumber.Create(element.GetDouble());
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            default:
                return JsValue.Null;
        }
    }

    private object? ToClr(JsValue value, int depth, ref long remaining)
    {
        if (--remaining < 0)
        {
            throw new ExpressionException(resultTooLargeMessage);
        }

        if (value.IsUndefined() || value.IsNull()) return null;
        if (value.IsString()) return value.AsString();
        if (value.IsBoolean()) return value.AsBoolean();
        if (value.IsNumber()) return value.AsNumber();
        if (value.IsBigInt())
        {
            var big = TypeConverter.ToBigInt(value);
            return big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : (double)big;
        }

        if (value.IsSymbol()) return value.ToString();
        if (value.IsDate()) return FromDate(value.AsDate());
        if (value.IsCallable()) return null;

        if (depth >= MaxDepth)
        {
            throw new ExpressionException($"The JavaScript result is nested more than {MaxDepth} levels deep (or refers to itself).");
        }

        return value switch
        {
            ArrayInstance array => FromArray(array, depth, ref remaining),
            ObjectInstance obj => FromObject(obj, depth, ref remaining),
            _ => value.ToString(),
        };
    }

    private List<object?> FromArray(ArrayInstance array, int depth, ref long remaining)
    {
        var length = TypeConverter.ToLength(array.Get(new JsString("length")));
        if (length > (ulong)Math.Max(remaining, 0) || length > int.MaxValue)
        {
            throw new ExpressionException(resultTooLargeMessage);
        }

        var list = new List<object?>((int)length);
        for (uint i = 0; i < length; i++)
        {
            list.Add(ToClr(array[i], depth + 1, ref remaining));
        }

        return list;
    }

    private Dictionary<string, object?> FromObject(ObjectInstance obj, int depth, ref long remaining)
    {
        var keys = obj.GetOwnPropertyKeys(Types.String);
        var result = new Dictionary<string, object?>(keys.Count, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var descriptor = obj.GetOwnProperty(key);
            if (descriptor == PropertyDescriptor.Undefined || !descriptor.Enumerable)
            {
                continue;
            }

            var item = obj.Get(key);
            // Functions are behaviour, not data: dropped as JSON.stringify drops them.
            if (!item.IsCallable())
            {
                result[key.ToString()] = ToClr(item, depth + 1, ref remaining);
            }
        }

        return result;
    }

    private static DateTimeOffset? FromDate(JsDate date)
    {
        var ms = date.DateValue;
        return double.IsNaN(ms) || ms < MinDateMs || ms > MaxDateMs ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }
}
