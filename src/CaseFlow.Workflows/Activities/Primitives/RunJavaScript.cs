using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Flowchart;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Activities.Primitives;

[Activity("Elsa.RunJavaScript", Category = "Scripting", DisplayName = "Run JavaScript", Description = "Runs a script (sandboxed). It continues on Done, or on the outcomes the script chose with setOutcome/setOutcomes.")]
public sealed class RunJavaScript : Activity
{
    [Input(Description = "The script. Its value becomes the result.", UIHint = UIHints.CodeEditor, IsRequired = true)]
    public Input<string> Script { get; } = new();

    [Input(DisplayName = "Possible outcomes", Description = "Outcomes the script may choose; each becomes a port.", UIHint = UIHints.DynamicOutcomes, IsDynamicOutcomes = true)]
    public Input<string[]> PossibleOutcomes { get; } = new();

    [Output(Description = "The value the script returned.")]
    public Output<object> Result { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var script = context.Get(Script);
        if (string.IsNullOrWhiteSpace(script))
        {
            context.Complete();
            return default;
        }

        var result = context.EvaluateExpression(new Expression(ExpressionTypes.JavaScript, JsonValue.Create(script)));
        context.SetResult(result);
        context.Complete(context.ScriptOutcomes is { Count: > 0 } chosen ? chosen : Outcomes.DoneOnly);
        return default;
    }

    public override IReadOnlyList<string> GetOutcomes(ActivityNode node) =>
        DynamicOutcomes.FromInput(node, "possibleOutcomes", []).Append(Outcomes.Done).Distinct(StringComparer.Ordinal).ToList();
}
