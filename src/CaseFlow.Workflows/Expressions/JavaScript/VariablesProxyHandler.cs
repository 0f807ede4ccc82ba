using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace CaseFlow.Workflows.Expressions.JavaScript;

/// <summary>
/// Backs the <c>variables</c> global: <c>variables.X</c> reads and <c>variables.X = v</c> writes go straight to the
/// current context. Values are copies, so changing a property of an object read from a variable is only kept once it
/// is assigned back. Returning null forwards an operation to the empty target (symbols, prototype lookups).
/// </summary>
internal sealed class VariablesProxyHandler(ScriptScope scope) : ProxyHandler
{
    public override JsValue Get(ObjectInstance target, JsValue property, JsValue receiver)
    {
        if (!property.IsString())
        {
            return null!;
        }

        return scope.Context.TryGetVariable(property.ToString(), out var value) ? scope.Converter.ToJs(value) : JsValue.Undefined;
    }

    public override bool? Set(ObjectInstance target, JsValue property, JsValue value, JsValue receiver)
    {
        if (!property.IsString())
        {
            return false;
        }

        scope.Context.SetVariable(property.ToString(), scope.Converter.ToClr(value));
        return true;
    }

    public override bool? Has(ObjectInstance target, JsValue property) =>
        property.IsString() ? scope.Context.TryGetVariable(property.ToString(), out _) : null;

    public override bool? DeleteProperty(ObjectInstance target, JsValue property) => false;

    public override bool? DefineProperty(ObjectInstance target, JsValue property, PropertyDescriptor descriptor)
    {
        if (!property.IsString() || !descriptor.IsDataDescriptor())
        {
            return false;
        }

        scope.Context.SetVariable(property.ToString(), scope.Converter.ToClr(descriptor.Value ?? JsValue.Undefined));
        return true;
    }

    public override PropertyDescriptor GetOwnPropertyDescriptor(ObjectInstance target, JsValue property)
    {
        object? value = null;
        if (!property.IsString() || !scope.Context.TryGetVariable(property.ToString(), out value))
        {
            return PropertyDescriptor.Undefined;
        }

        return new PropertyDescriptor(scope.Converter.ToJs(value), writable: true, enumerable: true, configurable: true);
    }

    // The proxy outlives the run: a prototype set on it would be seen (and could listen) in every later run.
    public override bool? SetPrototypeOf(ObjectInstance target, JsValue proto) => false;

    public override bool? PreventExtensions(ObjectInstance target) => false;

    public override IReadOnlyList<JsValue> OwnKeys(ObjectInstance target) =>
        scope.Context.VariableNames.Distinct(StringComparer.Ordinal).Select(name => (JsValue)new JsString(name)).ToList();
}
