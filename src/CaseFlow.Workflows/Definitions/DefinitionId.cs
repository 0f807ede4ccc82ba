using CaseFlow.Workflows.Validation;

namespace CaseFlow.Workflows.Definitions;

/// <summary>
/// The one grammar of a definition id (<c>definitionId</c>) and of a version id (<c>id</c>): 1–100 ASCII letters,
/// digits, <c>-</c>, <c>_</c> and <c>.</c>, not starting with <c>.</c> or <c>-</c>, never <c>..</c>.
/// </summary>
/// <remarks>
/// An id travels into URLs, log lines, the designer and file names (the export writes <c>{id}.json</c>), so it is
/// refused where it enters (save, import) rather than escaped at every place it leaves. The grammar covers Elsa's
/// generated ids (16 or 32 hex digits) and the readable ones the shipped workflows use (<c>complaint-handling</c>).
/// </remarks>
public static class DefinitionId
{
    public const int MaxLength = 100;

    /// <summary>What the grammar says, for error messages and documentation.</summary>
    public const string Rule = "1 to 100 ASCII letters, digits, '-', '_' or '.', not starting with '.' or '-' and without '..'";

    public static bool IsValid(string? id) => Check(id) is null;

    /// <summary>Why <paramref name="id"/> is not an id (a sentence naming the offending character), or null when it is one.</summary>
    public static string? Problem(string? id) => Check(id)?.Text;

    /// <summary>Why <paramref name="id"/> is not an id, as a translatable message; null when it is one.</summary>
    public static ValidationMessage? Check(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return ValidationMessages.IdRequired();
        if (id.Length > MaxLength)
            return ValidationMessages.IdTooLong(id.Length, MaxLength);
        if (id[0] is '.' or '-')
            return ValidationMessages.IdBadStart(id[0].ToString());
        if (id.Contains("..", StringComparison.Ordinal))
            return ValidationMessages.IdDoubleDot();
        foreach (var c in id)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                continue;

            // Control characters and whitespace are named by code, so the message itself stays on one printable line.
            return char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) || c > '\u007e'
                ? ValidationMessages.IdUnprintableCharacter($"U+{(int)c:X4}")
                : ValidationMessages.IdBadCharacter(c.ToString());
        }

        return null;
    }
}
