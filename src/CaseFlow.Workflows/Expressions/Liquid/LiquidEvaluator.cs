using System.Globalization;
using DotLiquid;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>
/// Renders Liquid templates with DotLiquid over Elsa's model (<c>Variables</c>, <c>Input</c>, <c>Workflow</c>, variables at
/// top level). The result is the rendered string.
/// </summary>
public sealed class LiquidEvaluator : IExpressionEvaluator, IExpressionSyntaxChecker
{
    // Invariant, but with sortable dates: "2024-01-02 03:04:05 +00:00" rather than "01/02/2024 03:04:05 +00:00".
    private static readonly CultureInfo Culture = CreateCulture();

    private readonly LiquidOptions _options;

    static LiquidEvaluator()
    {
        // DotLiquid's configuration is process-wide; Liquid's own strftime formats (`date: '%Y-%m-%d'`) are what
        // Elsa templates use, rather than .NET format strings.
        DotLiquid.Liquid.UseRubyDateFormat = true;
        LiquidTags.Register();
    }

    public LiquidEvaluator()
        : this(new LiquidOptions())
    {
    }

    public LiquidEvaluator(LiquidOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Type => ExpressionTypes.Liquid;

    public ValueTask<object?> EvaluateAsync(Expression expression, ExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return ValueTask.FromResult<object?>(Render(expression.Text, context));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<object?>(e);
        }
    }

    public ExpressionSyntaxError? CheckSyntax(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return LiquidTemplateGuard.Check(source, _options) ?? LiquidTemplateCache.Get(source).Error;
    }

    private string? Render(string? source, ExpressionContext context)
    {
        if (source is null)
        {
            return null;
        }

        // Refused before DotLiquid parses it: its recursive parser would overflow the stack on a deeply nested template.
        if (LiquidTemplateGuard.Check(source, _options) is { } refused)
        {
            throw new ExpressionException(LiquidTemplateCache.Describe(refused));
        }

        var compiled = LiquidTemplateCache.Get(source);
        if (compiled.Error is { } error)
        {
            throw new ExpressionException(LiquidTemplateCache.Describe(error));
        }

        var maxLength = Math.Max(_options.MaxOutputLength, 0);
        var timeout = _options.TimeLimit > TimeSpan.Zero ? (int)Math.Ceiling(_options.TimeLimit.TotalMilliseconds) : 0;

        // The context is built here rather than by RenderParameters so that CaseFlow's bounded filters can be added to
        // it: DotLiquid ignores RenderParameters.Filters for thread-safe templates. The CancellationToken overload would
        // need a timer per render; the millisecond timeout is checked between nodes, as before.
#pragma warning disable CS0618
        var renderContext = new Context([LiquidModel.Create(context)], new Hash(), new Hash(), ErrorsOutputMode.Rethrow, Math.Max(_options.MaxIterations, 0), timeout, Culture)
#pragma warning restore CS0618
        {
            SyntaxCompatibilityLevel = LiquidTemplateCache.Syntax,
        };
        renderContext.AddFilters(typeof(LiquidFilters));
        using var writer = new BoundedWriter(Culture, maxLength);
        using var limits = LiquidLimits.Enter(_options);
        try
        {
            return compiled.Template!.Render(writer, RenderParameters.FromContext(renderContext, Culture));
        }
        catch (LiquidLimitException e)
        {
            throw new ExpressionException(e.Message, e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionException("Liquid exceeded the time limit of " + FormatTime(_options.TimeLimit), e);
        }
        catch (DotLiquid.Exceptions.MaximumIterationsExceededException e)
        {
            // Named like the other limits, so an incident says which limit and where to raise it.
            throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"Liquid exceeded the iteration limit of {_options.MaxIterations} loop iterations"), e);
        }
        catch (Exception e) when (e is not ExpressionException and not OperationCanceledException)
        {
            throw new ExpressionException("Liquid error: " + e.Message, e);
        }
    }

    private static string FormatTime(TimeSpan time) => time.TotalSeconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.###} s")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.###} ms");

    private static CultureInfo CreateCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.ShortDatePattern = "yyyy-MM-dd";
        culture.DateTimeFormat.LongTimePattern = "HH:mm:ss";
        return CultureInfo.ReadOnly(culture);
    }
}
