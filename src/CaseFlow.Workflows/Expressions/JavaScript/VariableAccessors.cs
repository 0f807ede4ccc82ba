using Jint.Native;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// The per-name globals Elsa scripts use: <c>getCustomer()</c>/<c>setCustomer(v)</c> for each variable and
/// <c>getOrderId()</c> for each input. Installed the first time a name is seen and kept for the engine's life;
/// they resolve by name at call time, so a variable shadows an input of the same name and a name that went out of
/// scope reads as null. Built-in functions keep their meaning when a variable's accessor name collides with one.
/// </summary>
internal sealed class VariableAccessors(ScriptScope scope, IReadOnlySet<string> builtIns)
{
    private readonly HashSet<string> _getters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _setters = new(StringComparer.Ordinal);

    /// <summary>Installs accessors for names not seen before; true when the engine's globals changed.</summary>
    public bool Install(ExpressionContext context)
    {
        var changed = false;
        foreach (var name in context.VariableNames)
        {
            changed |= AddGetter(name);
            changed |= AddSetter(name);
        }

        foreach (var name in context.InputNames)
        {
            changed |= AddGetter(name);
        }

        return changed;
    }

    private bool AddGetter(string name)
    {
        if (!_getters.Add(name) || !CanDefine("get" + name, name))
        {
            return false;
        }

        scope.Define("get" + name, _ => Read(name));
        return true;
    }

    private bool AddSetter(string name)
    {
        if (!_setters.Add(name) || !CanDefine("set" + name, name))
        {
            return false;
        }

        scope.Define("set" + name, args =>
        {
            scope.Context.SetVariable(name, scope.Converter.ToClr(ScriptScope.Arg(args, 0)));
            return JsValue.Undefined;
        }, 1);
        return true;
    }

    private JsValue Read(string name)
    {
        var context = scope.Context;
        if (context.TryGetVariable(name, out var value) || context.TryGetInput(name, out value))
        {
            return scope.Converter.ToJs(value);
        }

        return JsValue.Null;
    }

    private bool CanDefine(string functionName, string name) => !builtIns.Contains(functionName) && IsIdentifierPart(name);

    private static bool IsIdentifierPart(string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
}
