using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Workflows.Validation;

public enum ValidationSeverity
{
    Error,
    Warning,
}

/// <summary>One finding, located by JSON path: <c>root.activities[3].condition: JavaScript syntax error at 1:12 …</c>.</summary>
public sealed record ValidationIssue(ValidationSeverity Severity, string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Collects issues while a definition is validated; activities add their own through <see cref="Activity.Validate"/>.</summary>
public sealed class ValidationContext(WorkflowDefinition definition, ActivityRegistry registry)
{
    private readonly List<ValidationIssue> _issues = [];

    public WorkflowDefinition Definition { get; } = definition;
    public ActivityRegistry Registry { get; } = registry;
    public IReadOnlyList<ValidationIssue> Issues => _issues;

    public void Error(string path, string message) => _issues.Add(new ValidationIssue(ValidationSeverity.Error, path, message));

    public void Warning(string path, string message) => _issues.Add(new ValidationIssue(ValidationSeverity.Warning, path, message));
}
