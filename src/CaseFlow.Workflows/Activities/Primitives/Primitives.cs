using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Activities.Primitives;

[Activity("Elsa.Start", Category = "Primitives", Description = "Marks where the flowchart starts.", IsStart = true)]
public sealed class Start : CodeActivity
{
    protected override void Execute(ActivityExecutionContext context) { }
}

[Activity("Elsa.End", Category = "Primitives", Description = "Completes the enclosing flowchart at once.", IsTerminal = true)]
public sealed class End : CodeActivity
{
    protected override void Execute(ActivityExecutionContext context) { }
}

[Activity("Elsa.Finish", Category = "Primitives", Description = "Finishes the whole workflow: nothing else runs and every bookmark is removed.", IsTerminal = true)]
public sealed class Finish : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Complete();
        context.Workflow.FinishWorkflow();
        return default;
    }
}

[Activity("Elsa.WriteLine", Category = "Primitives", DisplayName = "Write Line", Description = "Writes a line of text to the workflow's console.")]
public sealed class WriteLine : CodeActivity
{
    [Input(Description = "The text to write.", UIHint = UIHints.SingleLine)]
    public Input<string> Text { get; } = new();

    protected override void Execute(ActivityExecutionContext context) => context.Workflow.Console.WriteLine(context.Workflow.Id, context.Get(Text) ?? "");
}

[Activity("Elsa.SetName", Category = "Primitives", DisplayName = "Set Name", Description = "Sets the name of the workflow instance.")]
public sealed class SetName : CodeActivity
{
    [Input(Description = "The instance name.", IsRequired = true)]
    public Input<string> Value { get; } = new();

    protected override void Execute(ActivityExecutionContext context) => context.Workflow.State.Name = context.Get(Value);
}

[Activity("Elsa.Correlate", Category = "Primitives", Description = "Sets the correlation id of the workflow instance.")]
public sealed class Correlate : CodeActivity
{
    [Input(Description = "The correlation id.", IsRequired = true)]
    public Input<string> CorrelationId { get; } = new();

    protected override void Execute(ActivityExecutionContext context) => context.Workflow.State.CorrelationId = context.Get(CorrelationId);
}

[Activity("Elsa.SetOutput", Category = "Primitives", DisplayName = "Set Output", Description = "Sets an output of the workflow (or of the workflow used as an activity).")]
public sealed class SetOutput : CodeActivity
{
    [Input(DisplayName = "Output", Description = "The name of the workflow output.", IsRequired = true)]
    public Input<string> OutputName { get; } = new();

    [Input(DisplayName = "Value", Description = "The value to set.")]
    public Input<object> OutputValue { get; } = new();

    protected override void Execute(ActivityExecutionContext context)
    {
        var name = context.Get(OutputName);
        if (string.IsNullOrEmpty(name))
            throw new ActivityFaultException("SetOutput needs an output name");
        var scope = context.NearestWorkflowScope().Scope!;
        var declared = scope.Definition?.Outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
        var value = context.Get(OutputValue);
        if (declared is not null)
        {
            try
            {
                value = ValueConverter.Convert(value, TypeAliases.Resolve(declared.Type));
            }
            catch (InvalidCastException)
            {
                value = ValueConverter.ToPlain(value);
            }
        }

        var plain = ValueConverter.ToPlain(value);
        ValueSizeLimit.Check(context.Workflow.Runner.Options, "Workflow output", declared?.Name ?? name, plain);
        scope.Outputs[declared?.Name ?? name] = plain;
    }
}

[Activity("Elsa.Fault", Category = "Primitives", Description = "Fails on purpose: the activity faults with the given message and an incident is recorded.")]
public sealed class Fault : Activity
{
    [Input(Description = "A machine-readable code.")]
    public Input<string> Code { get; } = new();

    [Input(Description = "A category for the fault.")]
    public Input<string> Category { get; } = new();

    [Input(Name = "faultType", DisplayName = "Type", Description = "The kind of fault.")]
    public Input<string> FaultType { get; } = new();

    [Input(Description = "The message.")]
    public Input<string> Message { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Get(Message);
        var code = context.Get(Code);
        throw new ActivityFaultException(string.IsNullOrEmpty(code) ? message ?? "Fault" : $"{message ?? "Fault"} ({code})");
    }
}
