using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// Elsa's <c>get{Output}From{Activity}()</c> globals (e.g. <c>getResultFromHttpRequest1()</c>). The context cannot list
/// activities and their outputs up front, so such a name is resolved when a script uses it and finds no binding.
/// Output and activity names may themselves contain "From": each split is tried, left to right, until one has a value.
/// </summary>
internal sealed class OutputAccessorResolver : IReferenceResolver
{
    private const string Prefix = "get";
    private const string Separator = "From";

    public ScriptScope? Scope { get; set; }

    public bool TryUnresolvableReference(Engine engine, Reference reference, out JsValue value)
    {
        var name = reference.ReferencedName.ToString();
        var scope = Scope;
        if (scope is null || !name.StartsWith(Prefix, StringComparison.Ordinal) || name.IndexOf(Separator, Prefix.Length + 1, StringComparison.Ordinal) < 0)
        {
            value = JsValue.Undefined;
            return false;
        }

        value = new ClrFunction(engine, name, (_, _) => scope.Converter.ToJs(Read(scope.Context, name)));
        return true;
    }

    public bool TryPropertyReference(Engine engine, Reference reference, ref JsValue value) => false;

    public bool TryGetCallable(Engine engine, object callee, out JsValue value)
    {
        value = JsValue.Undefined;
        return false;
    }

    public bool CheckCoercible(JsValue value) => false;

    private static object? Read(ExpressionContext context, string name)
    {
        for (var at = name.IndexOf(Separator, Prefix.Length + 1, StringComparison.Ordinal);
             at >= 0 && at + Separator.Length < name.Length;
             at = name.IndexOf(Separator, at + 1, StringComparison.Ordinal))
        {
            var output = name[Prefix.Length..at];
            var activity = name[(at + Separator.Length)..];
            if (context.GetOutputFrom(activity, output) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
