namespace CaseFlow.Workflows.Expressions;

/// <summary>
/// Evaluates one expression type. Implementations are singletons and must be thread-safe; per-workflow state
/// (such as a script engine) lives in <see cref="ExpressionContext.Cache"/>.
/// </summary>
public interface IExpressionEvaluator
{
    /// <summary>The expression type handled, e.g. <c>JavaScript</c>.</summary>
    string Type { get; }

    /// <summary>
    /// Evaluates the expression. Returns plain .NET values: null, string, bool, double/int/long/decimal,
    /// <see cref="DateTimeOffset"/>, <c>Dictionary&lt;string, object?&gt;</c> for objects and <c>List&lt;object?&gt;</c> for arrays.
    /// The caller converts the result to the input's declared type. Errors throw <see cref="ExpressionException"/>.
    /// </summary>
    ValueTask<object?> EvaluateAsync(Expression expression, ExpressionContext context);
}

/// <summary>Implemented by evaluators that can check syntax without running anything (used by validation).</summary>
public interface IExpressionSyntaxChecker
{
    string Type { get; }

    /// <summary>Returns null when the source parses, else the first error with its 1-based line and column.</summary>
    ExpressionSyntaxError? CheckSyntax(string source);
}

public sealed record ExpressionSyntaxError(int Line, int Column, string Message)
{
    public override string ToString() => $"{Line}:{Column} {Message}";
}

/// <summary>An expression failed: a script error, a broken sandbox limit, a bad template.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message) : base(message) { }
    public ExpressionException(string message, Exception inner) : base(message, inner) { }
    public ExpressionException() { }
}
