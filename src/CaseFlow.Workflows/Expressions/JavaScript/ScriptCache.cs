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
    private static readonly CompiledSourceCache<CompiledScript> Scripts = new(Compile);

    public static CompiledScript Get(string source) => Scripts.Get(source);

    private static CompiledScript Compile(string source)
    {
        try
        {
            // Top-level `return` is allowed (Jint's default), so Elsa's `const x = ...; return x;` scripts run as written.
            var prepared = Engine.PrepareScript(source);
            return prepared.Program is { } program && TemplateLiterals.Rewrite(source, program) is { } guarded
                ? new CompiledScript(Engine.PrepareScript(guarded), null)
                : new CompiledScript(prepared, null);
        }
        catch (ScriptPreparationException e)
        {
            return new CompiledScript(default, JavaScriptErrors.SyntaxError(e));
        }
    }
}
