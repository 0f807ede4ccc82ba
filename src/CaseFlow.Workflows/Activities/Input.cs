namespace CaseFlow.Workflows.Activities;

/// <summary>
/// A typed key for one input of an activity type. Activity classes are stateless singletons; the value of an
/// input comes from the definition node being executed, through <see cref="Runtime.ActivityExecutionContext.Get{T}(Input{T})"/>.
/// The registry fills in <see cref="Name"/> and <see cref="Index"/>.
/// </summary>
public abstract class InputBase
{
    public string Name { get; internal set; } = "";
    public int Index { get; internal set; } = -1;
    public abstract Type ValueType { get; }
    public InputAttribute Metadata { get; internal set; } = new();
}

public sealed class Input<T> : InputBase
{
    public override Type ValueType => typeof(T);
}

/// <summary>A typed key for an activity output; captured into a variable through the output's <c>memoryReference</c>.</summary>
public abstract class OutputBase
{
    public string Name { get; internal set; } = "";
    public abstract Type ValueType { get; }
    public OutputAttribute Metadata { get; internal set; } = new();
}

public sealed class Output<T> : OutputBase
{
    public override Type ValueType => typeof(T);
}
