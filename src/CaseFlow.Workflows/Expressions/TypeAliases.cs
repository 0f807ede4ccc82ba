using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Expressions;

/// <summary>
/// Elsa's type-name aliases (<c>String</c>, <c>Int32</c>, <c>String[]</c>, <c>IDictionary&lt;String, Object&gt;</c>...).
/// Unknown names are kept as opaque strings by the model and treated as <see cref="object"/> at run time.
/// </summary>
public static class TypeAliases
{
    private static readonly Dictionary<string, Type> ByAlias = new(StringComparer.OrdinalIgnoreCase)
    {
        ["String"] = typeof(string),
        ["Boolean"] = typeof(bool),
        ["Int16"] = typeof(short),
        ["Int32"] = typeof(int),
        ["Int64"] = typeof(long),
        ["Long"] = typeof(long),
        ["Single"] = typeof(float),
        ["Double"] = typeof(double),
        ["Decimal"] = typeof(decimal),
        ["Object"] = typeof(object),
        ["ByteArray"] = typeof(byte[]),
        ["Guid"] = typeof(Guid),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["TimeSpan"] = typeof(TimeSpan),
        ["JSON"] = typeof(Dictionary<string, object?>),
        ["JsonElement"] = typeof(JsonElement),
        ["JsonNode"] = typeof(JsonNode),
        ["JsonObject"] = typeof(JsonObject),
        ["JsonArray"] = typeof(JsonArray),
        ["StringDictionary"] = typeof(Dictionary<string, string>),
        ["ObjectDictionary"] = typeof(Dictionary<string, object?>),
        ["StringMap"] = typeof(Dictionary<string, string>),
        ["ObjectMap"] = typeof(Dictionary<string, object?>),
    };

    private static readonly Dictionary<Type, string> ByType = new()
    {
        [typeof(string)] = "String",
        [typeof(bool)] = "Boolean",
        [typeof(short)] = "Int16",
        [typeof(int)] = "Int32",
        [typeof(long)] = "Int64",
        [typeof(float)] = "Single",
        [typeof(double)] = "Double",
        [typeof(decimal)] = "Decimal",
        [typeof(object)] = "Object",
        [typeof(byte[])] = "ByteArray",
        [typeof(Guid)] = "Guid",
        [typeof(DateTime)] = "DateTime",
        [typeof(DateTimeOffset)] = "DateTimeOffset",
        [typeof(TimeSpan)] = "TimeSpan",
        [typeof(JsonElement)] = "JsonElement",
        [typeof(JsonNode)] = "JsonNode",
        [typeof(JsonObject)] = "JsonObject",
        [typeof(JsonArray)] = "JsonArray",
        [typeof(Dictionary<string, object?>)] = "ObjectDictionary",
        [typeof(Dictionary<string, string>)] = "StringDictionary",
        [typeof(string[])] = "String[]",
        [typeof(List<string>)] = "String[]",
        [typeof(List<object?>)] = "Object[]",
    };

    /// <summary>Resolves an alias to a CLR type; unknown names (assembly-qualified Elsa types, enums) give <see cref="object"/>.</summary>
    public static Type Resolve(string? alias)
    {
        if (string.IsNullOrWhiteSpace(alias))
            return typeof(object);
        alias = alias.Trim();
        if (ByAlias.TryGetValue(alias, out var type))
            return type;
        if (alias.EndsWith('?'))
        {
            var inner = Resolve(alias[..^1]);
            return inner.IsValueType ? typeof(Nullable<>).MakeGenericType(inner) : inner;
        }

        if (alias.EndsWith("[]", StringComparison.Ordinal))
        {
            var element = Resolve(alias[..^2]);
            return element == typeof(string) ? typeof(string[]) : typeof(List<object?>);
        }

        if (alias.StartsWith("IDictionary<", StringComparison.Ordinal) || alias.StartsWith("Dictionary<", StringComparison.Ordinal))
            return typeof(Dictionary<string, object?>);
        if (alias.StartsWith("List<", StringComparison.Ordinal) || alias.StartsWith("IList<", StringComparison.Ordinal) || alias.StartsWith("IEnumerable<", StringComparison.Ordinal) || alias.StartsWith("ICollection<", StringComparison.Ordinal))
            return alias.Contains("<String>", StringComparison.Ordinal) ? typeof(List<string>) : typeof(List<object?>);
        return typeof(object);
    }

    /// <summary>True when the alias is one Elsa registers (so validation can warn about unknown ones).</summary>
    public static bool IsKnown(string alias) => ByAlias.ContainsKey(alias.TrimEnd('?')) || alias.EndsWith("[]", StringComparison.Ordinal) || alias.Contains('<', StringComparison.Ordinal);

    public static string GetAlias(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
            return GetAlias(underlying) + "?";
        if (ByType.TryGetValue(type, out var alias))
            return alias;
        if (type.IsEnum)
            return type.Name;
        return type.Name;
    }
}
