using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>A parsed script, or why it does not parse.</summary>
internal sealed record CompiledScript(Prepared<Script> Script, ExpressionSyntaxError? Error);

/// <summary>
/// Parsed scripts shared by every engine (Jint's prepared scripts are immutable and thread-safe). Definitions hold a
/// bounded set of scripts, so the cache is simply emptied when full rather than tracking recency.
/// </summary>
internal static class ScriptCache
{
    private const int MaxEntries = 10_000;
    private const int MaxCachedLength = 100_000;

    private static readonly ConcurrentDictionary<string, CompiledScript> Scripts = new(StringComparer.Ordinal);

    public static CompiledScript Get(string source)
    {
        if (Scripts.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var compiled = Compile(source);
        if (source.Length <= MaxCachedLength)
        {
            if (Scripts.Count >= MaxEntries)
            {
                Scripts.Clear();
            }

            Scripts.TryAdd(source, compiled);
        }

        return compiled;
    }

    private static CompiledScript Compile(string source)
    {
        try
        {
            // Top-level `return` is allowed (Jint's default), so Elsa's `const x = ...; return x;` scripts run as written.
            return new CompiledScript(Engine.PrepareScript(source), null);
        }
        catch (ScriptPreparationException e)
        {
            return new CompiledScript(default, JavaScriptErrors.SyntaxError(e));
        }
    }
}
