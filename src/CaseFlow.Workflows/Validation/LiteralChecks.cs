using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseFlow.Workflows.Activities.Scheduling;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Validation;

/// <summary>A finding about one value, before it is given a path.</summary>
internal readonly record struct ValueProblem(ValidationSeverity Severity, ValidationMessage Message);

/// <summary>Why a text is not JSON: the parser's first sentence, untranslated, and the 1-based position.</summary>
internal readonly record struct JsonError(string Detail, long Line, long Column);

/// <summary>
/// Checks that literal values (Literal and Object expressions, bare scalars, variable initial values) convert to
/// the type they are declared with, the way <see cref="ValueConverter"/> converts them at run time, and flags
/// values the runtime accepts but probably reads differently than the author meant (<c>"5"</c> as a TimeSpan is
/// five days).
/// </summary>
internal static partial class LiteralChecks
{
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
            return Error(ValidationMessages.ValueJsonInvalid(jsonError.Detail, jsonError.Line, jsonError.Column));

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
            return Error(ValidationMessages.CronInvalid(Display(expression), ex.Message));
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
    public static JsonError? ParseJsonError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return null;
        }
        catch (JsonException ex)
        {
            return new JsonError(FirstSentence(ex.Message), (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1);
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
                return Error(InvalidChoice(Display(s), names));
            case int or long or double when type.IsEnum:
                var asLong = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return Enum.IsDefined(type, Enum.ToObject(type, asLong)) ? null : Error(InvalidChoice(Display(asLong), names));
            default:
                return Error(InvalidChoice(Display(value), names));
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
                        return Error(ValidationMessages.TimeSpanDurationInvalid(Display(s)));
                    }
                }

                if (StrictTimeSpan().IsMatch(text) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out _))
                    return null;
                if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var loose))
                    return Warning(ValidationMessages.TimeSpanAmbiguous(Display(s), loose.ToString("c", CultureInfo.InvariantCulture)));
                return Error(ValidationMessages.TimeSpanInvalid(Display(s)));
            default:
                return Error(ValidationMessages.TimeSpanInvalid(Display(value)));
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
                    return Error(ValidationMessages.DateInvalid(Display(s)));
                return IsoDate().IsMatch(text) ? null : Warning(ValidationMessages.DateAmbiguous(Display(s)));
            default:
                return Error(ValidationMessages.DateInvalid(Display(value)));
        }
    }

    private static ValidationMessage DescribeFailure(object value, Type type)
    {
        var alias = TypeAliases.GetAlias(type);
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
            return ValidationMessages.IntegerInvalid(alias, Display(value));
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return ValidationMessages.NumberInvalid(alias, Display(value));
        if (type == typeof(bool))
            return ValidationMessages.BooleanInvalid(Display(value));
        if (type == typeof(Guid))
            return ValidationMessages.GuidInvalid(Display(value));
        return ValidationMessages.ValueNotConvertible(Display(value), alias);
    }

    private static string Display(object value) => value switch
    {
        string s => $"'{Shorten(s)}'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Shorten(ValueConverter.ToText(value)),
    };

    // "expected A, B or C": the "or" belongs to the template, so each language joins the last choice its own way.
    private static ValidationMessage InvalidChoice(string value, IReadOnlyList<string> names) => names.Count switch
    {
        0 => ValidationMessages.ChoiceInvalidUnlisted(value),
        1 => ValidationMessages.ChoiceInvalidSingle(value, names[0]),
        _ => ValidationMessages.ChoiceInvalid(value, string.Join(", ", names.Take(names.Count - 1)), names[^1]),
    };

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd('.');
    }

    private static ValueProblem Error(ValidationMessage message) => new(ValidationSeverity.Error, message);

    private static ValueProblem Warning(ValidationMessage message) => new(ValidationSeverity.Warning, message);

    // [-][d.]h:mm:ss[.fffffff]: the forms Elsa writes. TimeSpan.Parse also takes "5" (five days) and "25:00:00" (25 days).
    [GeneratedRegex(@"^-?(\d+\.)?\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,7})?$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictTimeSpan();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoDate();
}
