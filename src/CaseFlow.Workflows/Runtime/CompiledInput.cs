using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>An input of one node, parsed once: literal values are pre-converted, scripts keep their evaluator.</summary>
internal sealed class CompiledInput
{
    public required string Name { get; init; }
    public Expression? Expression { get; init; }
    public string? TypeName { get; init; }
    public IExpressionEvaluator? Evaluator { get; init; }

    /// <summary>True for Literal and Object expressions: the value is known at compile time.</summary>
    public bool IsConstant { get; init; }

    public object? Constant { get; init; }

    // A one-entry cache of the constant converted to the type last asked for (inputs are read with one type).
    private Type? _convertedType;
    private object? _converted;

    public bool IsSet => Expression is not null;

    public object? GetConstant(Type type)
    {
        if (_convertedType == type)
            return _converted;
        var value = Constant is string { Length: 0 } && type != typeof(string) && type != typeof(object) ? null : Constant;
        var converted = ValueConverter.Convert(value, type);
        _converted = converted;
        _convertedType = type;
        return converted;
    }
}
