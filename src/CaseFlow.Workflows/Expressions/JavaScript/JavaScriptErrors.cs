using System.Globalization;
using Acornima;
using Jint;
using Jint.Runtime;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>Turns Jint's failures into <see cref="ExpressionException"/>s whose message names the broken limit or the script position.</summary>
internal static class JavaScriptErrors
{
    public static string TimeLimit(JavaScriptOptions options) =>
        $"JavaScript exceeded the time limit of {FormatTime(options.TimeLimit)}";

    public static string MemoryLimit(JavaScriptOptions options) =>
        $"JavaScript exceeded the memory limit of {FormatBytes(options.MemoryLimitBytes)}";

    public static string At(int line, int column, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"JavaScript error at {line}:{column}: {message}");

    /// <summary>
    /// Maps an exception thrown by an evaluation. <paramref name="runScript"/> allows calling the thrown value's
    /// <c>toString</c>, which is script: only safe while the evaluation's deadline still guards the engine.
    /// </summary>
    public static ExpressionException From(Exception exception, JavaScriptOptions options, bool runScript) => exception switch
    {
        ExpressionException expression => expression,
        // RegexMatchTimeoutException is a TimeoutException: a catastrophic regex is a broken time limit too.
        TimeoutException => new ExpressionException(TimeLimit(options), exception),
        MemoryLimitExceededException => new ExpressionException(MemoryLimit(options), exception),
        RecursionDepthOverflowException => new ExpressionException(
            $"JavaScript exceeded the recursion limit of {options.RecursionLimit} calls", exception),
        StatementsCountOverflowException => new ExpressionException(
            $"JavaScript exceeded the statement limit of {options.MaxStatements} statements", exception),
        JavaScriptException js => new ExpressionException(
            At(js.Location.Start.Line, js.Location.Start.Column + 1, Describe(js, runScript)), exception),
        PromiseRejectedException rejected => new ExpressionException(
            "JavaScript error: promise rejected with " + (runScript ? TypeConverter.ToString(rejected.RejectedValue) : rejected.Message), exception),
        ScriptPreparationException { InnerException: ParseErrorException parse } => new ExpressionException(
            At(parse.LineNumber, parse.Column + 1, parse.Description), exception),
        _ when JintException.TryGetJavaScriptLocation(exception, out var location) => new ExpressionException(
            At(location.Start.Line, location.Start.Column + 1, exception.Message), exception),
        _ => new ExpressionException("JavaScript error: " + exception.Message, exception),
    };

    /// <summary>Jint refuses deeper syntax trees when preparing a script, before anything recursive can overflow the stack.</summary>
    public const int MaxNestingDepth = 256;

    public static string NestingTooDeep => $"JavaScript nesting deeper than {MaxNestingDepth} levels";

    public static ExpressionSyntaxError SyntaxError(ScriptPreparationException exception) => exception.InnerException switch
    {
        // Nesting the parser itself cannot follow (it checks the remaining stack and gives up) reads the same.
        InsufficientExecutionStackException => new ExpressionSyntaxError(1, 1, NestingTooDeep),
        ScriptPreparationException nested when nested.Message.Contains("nesting exceeds", StringComparison.Ordinal) =>
            new ExpressionSyntaxError(1, 1, NestingTooDeep),
        ParseErrorException parse => new ExpressionSyntaxError(parse.LineNumber, parse.Column + 1, parse.Description),
        { } inner => new ExpressionSyntaxError(1, 1, inner.Message),
        null => new ExpressionSyntaxError(1, 1, exception.Message),
    };

    // "TypeError: x is undefined" reads better than Jint's bare message, but building it may call a script toString.
    private static string Describe(JavaScriptException exception, bool runScript)
    {
        if (!runScript)
        {
            return exception.Message;
        }

        try
        {
            return TypeConverter.ToString(exception.Error);
        }
        catch (JavaScriptException)
        {
            return exception.Message;
        }
    }

    private static string FormatTime(TimeSpan time) => time.TotalSeconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.###} s")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.###} ms");

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.##} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.##} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
