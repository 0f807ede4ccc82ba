namespace CaseFlow.Cases.Features.Common;

/// <summary>Reads an enum-like text input by name (case-insensitive), so a bad value is refused naming the field and the allowed values.</summary>
public static class EnumInput
{
    /// <summary>The value, or null (with an error for <paramref name="field"/> unless it is empty and not <paramref name="required"/>). Numbers ("3", "1,2") are refused: names only.</summary>
    public static T? Parse<T>(string? value, string field, ValidationErrors errors, bool required)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add(field, $"Required: one of {Names<T>()}.");
            return null;
        }

        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _) && !value.Contains(',', StringComparison.Ordinal))
            return parsed;
        errors.Add(field, $"'{value}' is not one of {Names<T>()}.");
        return null;
    }

    private static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
}
