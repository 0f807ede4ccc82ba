using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// What the script globals close over: the engine, the converter and the context of the evaluation in progress.
/// The engine outlives any one evaluation, so functions read <see cref="Context"/> at call time instead of capturing a context.
/// </summary>
internal sealed class ScriptScope(Engine engine, JsValueConverter converter)
{
    private ExpressionContext? _context;

    public Engine Engine => engine;

    public JsValueConverter Converter => converter;

    public ExpressionContext Context
    {
        get => _context ?? throw new InvalidOperationException("A script function was called outside an evaluation.");
        set => _context = value;
    }

    /// <summary>Freezes a function defined after the intrinsics were frozen, so that no run can change it for the next.</summary>
    public Action<JsValue>? Harden { get; set; }

    public void Leave() => _context = null;

    public void Define(string name, Func<JsValue[], JsValue> body, int length = 0)
    {
        var function = new ClrFunction(engine, name, (_, args) => body(args), length);
        Harden?.Invoke(function);
        engine.SetValue(name, function);
    }

    public static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

    public static string? NullableString(JsValue value) =>
        value.IsNull() || value.IsUndefined() ? null : TypeConverter.ToString(value);

    public static JsValue String(string? value) => value is null ? JsValue.Null : new JsString(value);
}
