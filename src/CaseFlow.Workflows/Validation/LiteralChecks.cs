using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseFlow.Workflows.Activities.Scheduling;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Validation;

/// <summary>A finding about one value, before it is given a path.</summary>
internal readonly record struct ValueProblem(ValidationSeverity Severity, string Message);

/// <summary>
/// Checks that literal values (Literal and Object expressions, bare scalars, variable initial values) convert to
/// the type they are declared with, the way <see cref="ValueConverter"/> converts them at run time, and flags
/// values the runtime accepts but probably reads differently than the author meant (<c>"5"</c> as a TimeSpan is
/// five days).
/// </summary>
internal static partial class LiteralChecks
{
    private const string TimeSpanHint = "use hh:mm:ss, e.g. 00:05:00";
    private const string DateHint = "use ISO 8601 with an offset";

    /// <summary>Null when the value is fine; empty strings and nulls are "unset" and always fine here.</summary>
    public static ValueProblem? Check(object? value, Type declared, IReadOnlyList<string>? options)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (value is null)
            return null;
        var type = Nullable.GetUnderlyingType(declared) ?? declared;

        // The runtime reads "" as "not set" for every type but string (CompiledInput.GetConstant).
        if (value is string { Length: 0 } && type != typeof(string))
            return null;
        if (type.IsEnum || options is { Count: > 0 })
            return CheckChoice(value, type, options);
        if (type == typeof(object))
            return null;
        if (type == typeof(TimeSpan))
            return CheckTimeSpan(value);
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return CheckDate(value);
        if (IsStructured(type) && value is string text && LooksLikeJson(text) && ParseJsonError(text) is { } jsonError)
            return Error($"invalid JSON: {jsonError}");

        try
        {
            ValueConverter.Convert(value, type);
            return null;
        }
        catch (Exception)
        {
            return Error(DescribeFailure(value, type));
        }
    }

    /// <summary>Checks a Quartz-style or 5-field cron expression the way <c>Elsa.Cron</c> parses it.</summary>
    public static ValueProblem? CheckCron(string expression)
    {
        try
        {
            TimerBookmarks.ParseCron(expression);
            return null;
        }
        catch (Exception ex)
        {
            return Error($"invalid cron expression '{Shorten(expression)}': {ex.Message}");
        }
    }

    /// <summary>Arrays, lists, dictionaries and JSON DOM types: values Object expressions must hold as JSON.</summary>
    public static bool IsStructured(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return false;
        return type.IsArray
            || typeof(IEnumerable).IsAssignableFrom(type)
            || type == typeof(JsonElement)
            || typeof(JsonNode).IsAssignableFrom(type);
    }

    /// <summary>The parser's message with its 1-based position, or null when the text is valid JSON.</summary>
    public static string? ParseJsonError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return null;
        }
        catch (JsonException ex)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{FirstSentence(ex.Message)} at {(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}");
        }
    }

    public static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '[' or '{';
    }

    private static ValueProblem? CheckChoice(object value, Type type, IReadOnlyList<string>? options)
    {
        IReadOnlyList<string> names = options is { Count: > 0 } ? options : type.IsEnum ? Enum.GetNames(type) : [];
        switch (value)
        {
            case string s:
                var trimmed = s.Trim();
                if (names.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
                    return null;
                if (type.IsEnum && long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined(type, Enum.ToObject(type, number)))
                    return null;
                return Error($"invalid value '{Shorten(s)}' (expected {JoinAlternatives(names)})");
            case int or long or double when type.IsEnum:
                var asLong = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return Enum.IsDefined(type, Enum.ToObject(type, asLong)) ? null : Error($"invalid value {asLong.ToString(CultureInfo.InvariantCulture)} (expected {JoinAlternatives(names)})");
            default:
                return Error($"invalid value {Display(value)} (expected {JoinAlternatives(names)})");
        }
    }

    private static ValueProblem? CheckTimeSpan(object value)
    {
        switch (value)
        {
            case int or long or double or decimal:
                return null; // milliseconds, as the runtime reads numbers
            case string s:
                var text = s.Trim();
                if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
                {
                    try
                    {
                        System.Xml.XmlConvert.ToTimeSpan(text);
                        return null;
                    }
                    catch (FormatException)
                    {
                        return Error($"invalid TimeSpan '{Shorten(s)}' ({TimeSpanHint}, or an ISO 8601 duration such as PT5M)");
                    }
                }

                if (StrictTimeSpan().IsMatch(text) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out _))
                    return null;
                if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var loose))
                    return Warning($"ambiguous TimeSpan '{Shorten(s)}' is read as {loose.ToString("c", CultureInfo.InvariantCulture)} ({TimeSpanHint})");
                return Error($"invalid TimeSpan '{Shorten(s)}' ({TimeSpanHint})");
            default:
                return Error($"invalid TimeSpan {Display(value)} ({TimeSpanHint})");
        }
    }

    private static ValueProblem? CheckDate(object value)
    {
        switch (value)
        {
            case int or long or double:
                return null; // Unix milliseconds
            case DateTimeOffset or DateTime:
                return null;
            case string s:
                var text = s.Trim();
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                    return Error($"invalid date '{Shorten(s)}' ({DateHint})");
                return IsoDate().IsMatch(text) ? null : Warning($"ambiguous date '{Shorten(s)}' ({DateHint}, e.g. 2026-01-10T09:00:00+00:00)");
            default:
                return Error($"invalid date {Display(value)} ({DateHint})");
        }
    }

    private static string DescribeFailure(object value, Type type)
    {
        var alias = TypeAliases.GetAlias(type);
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
            return $"invalid {alias} {Display(value)} (expected a whole number)";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return $"invalid {alias} {Display(value)} (expected a number)";
        if (type == typeof(bool))
            return $"invalid Boolean {Display(value)} (use true or false)";
        if (type == typeof(Guid))
            return $"invalid Guid {Display(value)}";
        return $"cannot convert {Display(value)} to {alias}";
    }

    private static string Display(object value) => value switch
    {
        string s => $"'{Shorten(s)}'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Shorten(ValueConverter.ToText(value)),
    };

    internal static string JoinAlternatives(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "a listed value",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1],
    };

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd('.');
    }

    private static ValueProblem Error(string message) => new(ValidationSeverity.Error, message);

    private static ValueProblem Warning(string message) => new(ValidationSeverity.Warning, message);

    // [-][d.]h:mm:ss[.fffffff]: the forms Elsa writes. TimeSpan.Parse also takes "5" (five days) and "25:00:00" (25 days).
    [GeneratedRegex(@"^-?(\d+\.)?\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,7})?$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictTimeSpan();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoDate();
}
