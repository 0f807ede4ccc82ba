using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// Keeps what an instance stores (variables, activity outputs, workflow outputs) within
/// <see cref="WorkflowRunnerOptions.MaxVariableSize"/> and <see cref="WorkflowRunnerOptions.MaxVariableDepth"/>.
/// Everything stored is written into the instance's snapshot, read back by every API call, and walked recursively by
/// the converters: one oversized value makes every later save and read of the instance slow and large.
/// The size is an estimate of the serialized JSON (string lengths, a few bytes per scalar), walked only as far as the
/// limit, so the check costs next to nothing for the small values workflows usually hold.
/// </summary>
internal static class ValueSizeLimit
{
    private const int ScalarSize = 8;
    private const int HardMaxDepth = 1000;

    /// <summary>Throws an <see cref="ActivityFaultException"/> naming <paramref name="kind"/> and <paramref name="name"/> when the value is too big or too deep.</summary>
    public static void Check(WorkflowRunnerOptions options, string kind, string name, object? value)
    {
        // The common values take no walk at all.
        switch (value)
        {
            case null or bool or int or long or double or decimal or DateTimeOffset or DateTime or Guid or TimeSpan:
                return;
            case string s when options.MaxVariableSize <= 0 || s.Length <= options.MaxVariableSize:
                return;
        }

        var walk = new Walk(options.MaxVariableSize > 0 ? options.MaxVariableSize : long.MaxValue, DepthOf(options));
        walk.Add(value, 1);
        if (walk.TooDeep)
        {
            throw new ActivityFaultException(string.Create(CultureInfo.InvariantCulture, $"{kind} '{name}' is nested deeper than the limit of {DepthOf(options)} levels"));
        }

        if (walk.Size > walk.Limit)
        {
            throw new ActivityFaultException($"{kind} '{name}' exceeds the size limit of {FormatSize(options.MaxVariableSize)}");
        }
    }

    // The walk recurses: it is never unbounded, even when the option is switched off.
    private static int DepthOf(WorkflowRunnerOptions options) => options.MaxVariableDepth is > 0 and < HardMaxDepth ? options.MaxVariableDepth : HardMaxDepth;

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1_048_576 when bytes % 1_048_576 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_048_576} MB"),
        >= 1024 when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private sealed class Walk(long limit, int maxDepth)
    {
        public long Limit { get; } = limit;
        public long Size { get; private set; }
        public bool TooDeep { get; private set; }

        private bool Done => Size > Limit || TooDeep;

        public void Add(object? value, int depth)
        {
            switch (value)
            {
                case null:
                    Size += 4;
                    return;
                case string s:
                    Size += s.Length + 2;
                    return;
                case JsonValue v:
                    Size += v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Length + 2 : ScalarSize;
                    return;
                case JsonElement { ValueKind: not (JsonValueKind.Object or JsonValueKind.Array) } e:
                    Size += e.ValueKind == JsonValueKind.String ? e.GetString()!.Length + 2 : ScalarSize;
                    return;
                case IConvertible or DateTimeOffset or Guid or TimeSpan:
                    Size += ScalarSize;
                    return;
            }

            if (depth > maxDepth)
            {
                TooDeep = true;
                return;
            }

            Size += 2;
            switch (value)
            {
                case JsonObject o:
                    foreach (var (key, item) in o)
                    {
                        Size += key.Length + 4;
                        Add(item, depth + 1);
                        if (Done)
                            return;
                    }

                    return;
                case JsonElement { ValueKind: JsonValueKind.Object } e:
                    foreach (var property in e.EnumerateObject())
                    {
                        Size += property.Name.Length + 4;
                        Add(property.Value, depth + 1);
                        if (Done)
                            return;
                    }

                    return;
                case JsonElement e:
                    foreach (var item in e.EnumerateArray())
                    {
                        Size += 1;
                        Add(item, depth + 1);
                        if (Done)
                            return;
                    }

                    return;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        Size += (entry.Key as string)?.Length + 4 ?? ScalarSize;
                        Add(entry.Value, depth + 1);
                        if (Done)
                            return;
                    }

                    return;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    foreach (var (key, item) in pairs)
                    {
                        Size += key.Length + 4;
                        Add(item, depth + 1);
                        if (Done)
                            return;
                    }

                    return;
                case IEnumerable sequence:
                    foreach (var item in sequence)
                    {
                        Size += 1;
                        Add(item, depth + 1);
                        if (Done)
                            return;
                    }

                    return;
                default:
                    // A CLR object of an application activity: its public properties are what gets serialized.
                    Size += ScalarSize;
                    return;
            }
        }
    }
}
