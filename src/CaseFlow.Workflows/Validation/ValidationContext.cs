using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Workflows.Validation;

public enum ValidationSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding, located by JSON path: <c>root.activities[3].condition: JavaScript syntax error at 1:12 …</c>.
/// <see cref="Code"/> and <see cref="Args"/> let a client show <see cref="Message"/> in its own language
/// (see <see cref="ValidationMessage"/>); two issues are equal when all five are.
/// </summary>
public sealed record ValidationIssue(ValidationSeverity Severity, string Path, string Message)
{
    /// <summary>The message's stable code (<c>required-input-missing</c>); null for a plain text an activity added.</summary>
    public string? Code { get; init; }

    /// <summary>The named values <see cref="Message"/> was built from; empty for a plain text.</summary>
    public IReadOnlyDictionary<string, string> Args { get; init; } = ValidationMessage.NoArgs;

    public static ValidationIssue Of(ValidationSeverity severity, string path, ValidationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ValidationIssue(severity, path, message.Text) { Code = message.Code, Args = message.Args };
    }

    public bool Equals(ValidationIssue? other) =>
        other is not null && Severity == other.Severity && Path == other.Path && Message == other.Message && Code == other.Code
        && Args.Count == other.Args.Count && Args.All(a => other.Args.TryGetValue(a.Key, out var value) && value == a.Value);

    public override int GetHashCode() => HashCode.Combine(Severity, Path, Message, Code);

    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Collects issues while a definition is validated; activities add their own through <see cref="Activity.Validate"/>.</summary>
public sealed class ValidationContext(WorkflowDefinition definition, ActivityRegistry registry)
{
    private readonly List<ValidationIssue> _issues = [];

    public WorkflowDefinition Definition { get; } = definition;
    public ActivityRegistry Registry { get; } = registry;
    public IReadOnlyList<ValidationIssue> Issues => _issues;

    public void Error(string path, ValidationMessage message) => Add(ValidationSeverity.Error, path, message);

    public void Warning(string path, ValidationMessage message) => Add(ValidationSeverity.Warning, path, message);

    public void Add(ValidationSeverity severity, string path, ValidationMessage message) => _issues.Add(ValidationIssue.Of(severity, path, message));

    /// <summary>A plain English text, shown as is in every language; prefer a <see cref="ValidationMessage"/> with a code.</summary>
    public void Error(string path, string message) => _issues.Add(new ValidationIssue(ValidationSeverity.Error, path, message));

    /// <inheritdoc cref="Error(string, string)"/>
    public void Warning(string path, string message) => _issues.Add(new ValidationIssue(ValidationSeverity.Warning, path, message));
}
