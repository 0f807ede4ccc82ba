using System.Collections;
using System.Globalization;
using System.Text;
using DotLiquid.Exceptions;

namespace CaseFlow.Workflows.Expressions.Liquid;

/// <summary>
/// The limits of the render running on this thread, read by CaseFlow's filters and tags. A render is synchronous, so a
/// thread-static slot reaches the places DotLiquid gives no context to (value transformers).
/// </summary>
internal sealed class LiquidLimits
{
    [ThreadStatic]
    private static LiquidLimits? _current;

    private LiquidLimits(int maxLength, int maxItems)
    {
        MaxLength = maxLength;
        MaxItems = maxItems;
    }

    /// <summary>Characters one string (the output, a filter's result, a capture) may have; zero: unbounded.</summary>
    public int MaxLength { get; }

    /// <summary>Items one filter may walk; zero: unbounded.</summary>
    public int MaxItems { get; }

    public static LiquidLimits? Current => _current;

    public static Scope Enter(LiquidOptions options) => new(new LiquidLimits(Math.Max(options.MaxOutputLength, 0), Math.Max(options.MaxIterations, 0)));

    /// <summary>Throws when a string about to be built would be longer than the limit (checked before allocating it).</summary>
    public static void CheckLength(long length)
    {
        if (_current is { MaxLength: > 0 } limits && length > limits.MaxLength)
        {
            throw OutputExceeded(limits.MaxLength);
        }
    }

    /// <summary>Copies up to the item limit; throws past it, so a range like <c>(1..2000000000)</c> is never materialized.</summary>
    public static List<object?> Items(IEnumerable source)
    {
        var max = _current?.MaxItems ?? 0;
        var items = source is ICollection collection ? new List<object?>(Math.Min(collection.Count, max > 0 ? max : collection.Count)) : [];
        foreach (var item in source)
        {
            if (max > 0 && items.Count >= max)
            {
                throw new LiquidLimitException(string.Create(CultureInfo.InvariantCulture, $"Liquid exceeded the item limit of {max} (a filter or output walked a longer list or range)"));
            }

            items.Add(item);
        }

        return items;
    }

    public static LiquidLimitException OutputExceeded(int max) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Liquid exceeded the output limit of {max} characters"));

    /// <summary>Restores the previous limits (a render inside a filter, should one ever happen) when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly LiquidLimits? _previous;

        internal Scope(LiquidLimits limits)
        {
            _previous = _current;
            _current = limits;
        }

        public void Dispose() => _current = _previous;
    }
}

/// <summary>
/// A Liquid limit was exceeded. A <see cref="RenderException"/>, so DotLiquid rethrows it from every tag whatever its
/// error mode rather than writing it into the output.
/// </summary>
public sealed class LiquidLimitException : RenderException
{
    public LiquidLimitException(string message) : base(message) { }
    public LiquidLimitException() { }
    public LiquidLimitException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A <see cref="StringWriter"/> that throws before it grows past the output limit.</summary>
internal sealed class BoundedWriter(IFormatProvider? formatProvider, int maxLength) : StringWriter(formatProvider)
{
    public override void Write(char value)
    {
        Reserve(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Reserve(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Reserve(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(string? value)
    {
        Reserve(value?.Length ?? 0);
        base.Write(value);
    }

    public override void Write(StringBuilder? value)
    {
        Reserve(value?.Length ?? 0);
        base.Write(value);
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        Reserve(buffer.Length + CoreNewLine.Length);
        base.WriteLine(buffer);
    }

    public override void WriteLine(StringBuilder? value)
    {
        Reserve((value?.Length ?? 0) + CoreNewLine.Length);
        base.WriteLine(value);
    }

    private void Reserve(int count)
    {
        if (maxLength > 0 && (long)GetStringBuilder().Length + count > maxLength)
        {
            throw LiquidLimits.OutputExceeded(maxLength);
        }
    }
}
