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
}
