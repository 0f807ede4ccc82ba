using System.Text.Json.Nodes;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Flowchart;

public enum SwitchMode
{
    /// <summary>Only the first matching case is taken.</summary>
    MatchFirst,

    /// <summary>Every matching case is taken.</summary>
    MatchAny,
}

/// <summary>One case of a switch: its label is the outcome port, its condition an expression.</summary>
public sealed record FlowSwitchCase(string Label, Expression? Condition);

[Activity("Elsa.FlowSwitch", Category = "Branching", DisplayName = "Switch (flow)", Description = "Continue on the case(s) whose condition holds; Default when none does.")]
public sealed class FlowSwitch : Activity
{
    [Input(Description = "The cases: a label (the port) and a condition.", UIHint = UIHints.FlowSwitchEditor, IsWrapped = false, IsDynamicOutcomes = true)]
    public Input<List<object?>> Cases { get; } = new();

    [Input(Description = "Match first: only the first true case. Match any: every true case.", DefaultValue = SwitchMode.MatchFirst, UIHint = UIHints.Dropdown, Options = ["MatchFirst", "MatchAny"])]
    public Input<SwitchMode> Mode { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cases = (IReadOnlyList<FlowSwitchCase>?)context.Plan.Compiled ?? [];
        var mode = context.Get(Mode);
        var matched = new List<string>();
        foreach (var @case in cases)
        {
            if (@case.Condition is null || !IsTrue(context.EvaluateExpression(@case.Condition)))
                continue;
            matched.Add(@case.Label);
            if (mode == SwitchMode.MatchFirst)
                break;
        }

        context.Complete(matched.Count > 0 ? matched : [Outcomes.Default]);
        return default;
    }

    private static bool IsTrue(object? value) => ValueConverter.Convert<bool>(value is string { Length: 0 } ? null : value);

    public override IReadOnlyList<string> GetOutcomes(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ParseCases(node).Select(c => c.Label).Append(Outcomes.Default).Distinct(StringComparer.Ordinal).ToList();
    }

    internal override object? Compile(ActivityNode node, WorkflowCompiler compiler) => ParseCases(node);

    internal static List<FlowSwitchCase> ParseCases(ActivityNode node)
    {
        var raw = node.Properties["cases"];
        if (raw is JsonObject wrapper && wrapper["expression"] is JsonObject expression)
            raw = expression["value"] is JsonValue v && v.TryGetValue<string>(out var json) ? TryParse(json) : expression["value"];
        var list = new List<FlowSwitchCase>();
        if (raw is not JsonArray array)
            return list;
        foreach (var item in array.OfType<JsonObject>())
        {
            // Labels are strings in Elsa's editor; a number or bool is still a usable port name.
            var label = item["label"] is JsonValue l ? (l.TryGetValue<string>(out var text) ? text : l.ToJsonString()) : "";
            Expression? condition = item["condition"] switch
            {
                JsonObject c => new Expression(c["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : ExpressionTypes.Literal, c["value"]),
                JsonValue v => Expression.Literal(v),
                _ => null,
            };
            list.Add(new FlowSwitchCase(label, condition));
        }

        return list;
    }

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>Reads dynamic outcome names (FlowFork branches, HumanTask outcomes) from a node's input, for validation and the designer.</summary>
public static class DynamicOutcomes
{
    public static IReadOnlyList<string> FromInput(ActivityNode node, string inputName, IReadOnlyList<string> fallback)
    {
        ArgumentNullException.ThrowIfNull(node);
        var raw = node.Properties[inputName];
        object? value = raw switch
        {
            JsonObject wrapper when wrapper["expression"] is JsonObject e => (e["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : "Literal") switch
            {
                "Object" or "Json" or "Literal" => WorkflowCompiler.ParseObject(e["value"]),
                _ => null,
            },
            JsonArray array => ValueConverter.FromNode(array),
            _ => null,
        };
        try
        {
            var names = ValueConverter.Convert<string[]>(value);
            return names is { Length: > 0 } ? names : fallback;
        }
        catch (InvalidCastException)
        {
            return fallback;
        }
    }
}
