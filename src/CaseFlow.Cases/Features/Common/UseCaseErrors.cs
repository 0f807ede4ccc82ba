namespace CaseFlow.Cases.Features.Common;

/// <summary>A use case refused a request; hosts map each kind to an answer (HTTP: problem details, CLI: exit code).</summary>
public abstract class UseCaseException(string message) : Exception(message);

/// <summary>The thing asked for does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string message) : UseCaseException(message);

/// <summary>The request lost to another one or no longer fits the state (HTTP 409): reload and decide again.</summary>
public sealed class ConflictException(string message) : UseCaseException(message);

/// <summary>The actor may not do this (HTTP 403).</summary>
public sealed class ForbiddenException(string message) : UseCaseException(message);

/// <summary>The input is invalid (HTTP 400); <see cref="Errors"/> names each field with its messages.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : UseCaseException("Invalid input: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors and throws them together.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}

/// <summary>Who asks: a user name and the roles they hold.</summary>
public sealed record Actor(string UserName, IReadOnlySet<string> Roles)
{
    public static Actor Of(string userName, params string[] roles) => new(userName, new HashSet<string>(roles, StringComparer.OrdinalIgnoreCase));

    public bool IsInRole(string role) => Roles.Contains(role) || Roles.Contains(CaseRoles.Admin);

    /// <summary>Supervisors and managers see and steer everyone's tasks.</summary>
    public bool OverseesTasks => IsInRole(CaseRoles.Supervisor) || IsInRole(CaseRoles.Manager);
}

public static class CaseRoles
{
    public const string Admin = "Admin";
    public const string ProcessOwner = "ProcessOwner";
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Manager = "Manager";
}
