namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// Evaluates Elsa 3 style JavaScript expressions with Jint, sandboxed: time, memory and recursion limits, no CLR access.
/// Results are plain .NET data: numbers as <see cref="double"/>, objects as <c>Dictionary&lt;string, object?&gt;</c>,
/// arrays as <c>List&lt;object?&gt;</c>, dates as <see cref="DateTimeOffset"/>.
/// </summary>
public sealed class JavaScriptEvaluator : IExpressionEvaluator, IExpressionSyntaxChecker
{
    private readonly JavaScriptOptions _options;

    public JavaScriptEvaluator()
        : this(new JavaScriptOptions())
    {
    }

    public JavaScriptEvaluator(JavaScriptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Type => ExpressionTypes.JavaScript;

    public ValueTask<object?> EvaluateAsync(Expression expression, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return ValueTask.FromResult(Evaluate(expression.Text, context));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ValueTask.FromException<object?>(JavaScriptErrors.From(e, _options, runScript: false));
        }
    }

    public ExpressionSyntaxError? CheckSyntax(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ScriptCache.Get(source).Error;
    }

    private object? Evaluate(string? source, ExpressionContext context)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return null;
        }

        var script = ScriptCache.Get(source);
        if (script.Error is { } error)
        {
            throw new ExpressionException(error.Message == JavaScriptErrors.NestingTooDeep
                ? error.Message
                : JavaScriptErrors.At(error.Line, error.Column, error.Message));
        }

        return JavaScriptSession.For(context, _options).Evaluate(script, context);
    }
}
