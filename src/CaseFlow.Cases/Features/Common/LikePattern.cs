namespace CaseFlow.Cases.Features.Common;

/// <summary>
/// Builds SQL <c>LIKE</c> patterns from user text so that its <c>%</c> and <c>_</c> match themselves, not any text
/// or any character. Use with <see cref="EscapeCharacter"/>: <c>EF.Functions.Like(column, LikePattern.Containing(text), LikePattern.EscapeCharacter)</c>.
/// </summary>
public static class LikePattern
{
    public const string EscapeCharacter = "\\";

    /// <summary>The text with the escape character, <c>%</c> and <c>_</c> escaped (the escape character first, so it is escaped once).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text
            .Replace(EscapeCharacter, EscapeCharacter + EscapeCharacter, StringComparison.Ordinal)
            .Replace("%", EscapeCharacter + "%", StringComparison.Ordinal)
            .Replace("_", EscapeCharacter + "_", StringComparison.Ordinal);
    }

    /// <summary>A pattern matching any value that contains <paramref name="text"/> literally.</summary>
    public static string Containing(string text) => "%" + Escape(text) + "%";
}
