using System.Text.RegularExpressions;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Cases.Features.Organisation;

/// <summary>Checks shared by the organisation's use cases.</summary>
internal static partial class OrganisationRules
{
    public const int MaxName = 200;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex Key();

    public static T? ParseEnum<T>(string? value, string field, ValidationErrors errors, bool required)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add(field, $"{field} is required: one of {string.Join(", ", Names<T>())}.");
            return null;
        }

        // Names only: Enum.TryParse would also take "3" or "1,2".
        var match = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            errors.Add(field, $"'{value}' is not a {field}: one of {string.Join(", ", Names<T>())}.");
            return null;
        }

        return Enum.Parse<T>(match);
    }

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string? Name(string? value, string field, ValidationErrors errors)
    {
        var name = Clean(value);
        if (name is null)
            errors.Add(field, $"{field} is required.");
        else if (name.Length > MaxName)
            errors.Add(field, $"{field} is at most {MaxName} characters.");
        return name;
    }

    private static IEnumerable<string> Names<T>()
        where T : struct, Enum => Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]);
}
