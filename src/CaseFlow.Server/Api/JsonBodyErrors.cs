using System.Globalization;
using System.Text.Json;

namespace CaseFlow.Server.Api;

/// <summary>
/// Turns a <see cref="JsonException"/> from reading a request body into the field it concerns and a message for the
/// caller. System.Text.Json's own messages name .NET types (<c>System.Nullable`1[System.Int32]</c>): internals the
/// caller cannot act on, so a conversion failure is said as the kind of value the field takes.
/// </summary>
internal static class JsonBodyErrors
{
    private const string ConvertedTo = "could not be converted to ";

    public static (string Field, string Message) Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var field = exception.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body";
        var message = exception.Message;
        var converted = message.IndexOf(ConvertedTo, StringComparison.Ordinal);
        if (converted >= 0)
        {
            var start = converted + ConvertedTo.Length;
            var end = message.IndexOf(". Path:", start, StringComparison.Ordinal);
            var type = end > start ? message[start..end] : message[start..];
            return (field, $"{field} must be {Expected(type)}.");
        }

        var position = exception.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {(exception.BytePositionInLine ?? 0) + 1}")
            : "";
        return (field, $"The body is not valid JSON{position}.");
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Int", StringComparison.Ordinal) || type.Contains("Byte", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("DateTime", StringComparison.Ordinal) || type.Contains("DateOnly", StringComparison.Ordinal) => "an ISO 8601 date or date-time",
        _ when type.Contains("TimeSpan", StringComparison.Ordinal) => "a duration (hh:mm:ss)",
        _ when type.Contains("Dictionary", StringComparison.Ordinal) || type.Contains("JsonObject", StringComparison.Ordinal) => "an object",
        _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "a list",
        _ when type is "System.String" => "text",
        _ => "a value of another kind",
    };
}
