using System.Globalization;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Features.Tasks;

/// <summary>
/// What completing a human task must give: one of its outcomes and its form's required fields (a required checkbox
/// ticked), each value of the field's type and small enough for the workflow to store. Real completions (<see cref="TaskCommands"/>) and the
/// designer's test runs check the same way, with the same messages.
/// </summary>
public static class TaskCompletionRules
{
    /// <summary>
    /// The outcome as the task spells it and the form's values by field name (values for fields the form does not
    /// declare are dropped: a task's variables are what its form says).
    /// </summary>
    /// <exception cref="ValidationException">Naming <c>outcome</c> or <c>data.&lt;field&gt;</c>.</exception>
    public static (string Outcome, Dictionary<string, object?> Data) Check(
        IReadOnlyList<string> outcomes, IReadOnlyList<FormField> form, string? outcome, IReadOnlyDictionary<string, object?>? data, WorkflowRunnerOptions runnerOptions)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(runnerOptions);
        var errors = new ValidationErrors();
        var chosen = outcomes.FirstOrDefault(o => string.Equals(o, outcome, StringComparison.OrdinalIgnoreCase));
        if (string.IsNullOrWhiteSpace(outcome))
            errors.Add("outcome", $"An outcome is required: one of {string.Join(", ", outcomes)}.");
        else if (chosen is null)
            errors.Add("outcome", $"'{outcome}' is not an outcome of this task: one of {string.Join(", ", outcomes)}.");

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var given = data ?? new Dictionary<string, object?>();
        foreach (var field in form)
        {
            var value = given.TryGetValue(field.Name, out var v) ? v : null;
            if (value is null || value is string { Length: 0 } || (value is string s && string.IsNullOrWhiteSpace(s)))
            {
                if (field.IsRequiredFor(chosen))
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} is required{(field.RequiredFor is { Count: > 0 } only ? " to " + string.Join(" or ", only) : "")}.");
                continue;
            }

            switch (field.Type)
            {
                case "select" when field.Options is { Count: > 0 } options && !options.Contains(Convert.ToString(value, CultureInfo.InvariantCulture), StringComparer.Ordinal):
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be one of {string.Join(", ", options)}.");
                    break;
                case "number" when !IsNumber(value):
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be a number.");
                    break;
                case "boolean" when value is not bool:
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be true or false.");
                    break;
                // A required checkbox is a confirmation (like HTML's required checkbox): it must be ticked.
                case "boolean" when field.IsRequiredFor(chosen) && value is false:
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be confirmed.");
                    break;
                case "date" when !IsDate(value):
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be a date (yyyy-MM-dd).");
                    break;
                default:
                    values[field.Name] = value;
                    break;
            }

            values.TryAdd(field.Name, value);

            // The values become workflow variables: what the workflow could not store is refused here, not faulted there.
            if (runnerOptions.StoredValueProblem("Value", field.Name, value) is { } tooBig)
                errors.Add($"data.{field.Name}", tooBig);
        }

        errors.ThrowIfAny();
        return (chosen!, values);
    }

    private static bool IsDate(object value) => value is DateTime or DateTimeOffset or DateOnly
        || (value is string s && (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            || DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)));

    private static bool IsNumber(object value) => value is int or long or double or decimal or float
        || (value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
}
