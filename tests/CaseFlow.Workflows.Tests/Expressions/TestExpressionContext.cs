using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Tests.Expressions;

/// <summary>An in-memory <see cref="ExpressionContext"/> for evaluator tests: everything lives in public dictionaries.</summary>
public sealed class TestExpressionContext : ExpressionContext
{
    public Dictionary<string, object?> Variables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?> Inputs { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string ActivityIdOrName, string? OutputName), object?> Outputs { get; } = [];

    public Dictionary<string, object?> Config { get; } = new(StringComparer.Ordinal);

    public string InstanceId { get; set; } = "instance-1";

    public string DefinitionId { get; set; } = "definition-1";

    public int DefinitionVersion { get; set; } = 3;

    public object? Result { get; set; }

    public CancellationToken Token { get; set; }

    public override string WorkflowInstanceId => InstanceId;

    public override string WorkflowDefinitionId => DefinitionId;

    public override int WorkflowDefinitionVersion => DefinitionVersion;

    public override string? CorrelationId { get; set; }

    public override string? WorkflowInstanceName { get; set; }

    public override IEnumerable<string> VariableNames => Variables.Keys;

    public override IEnumerable<string> InputNames => Inputs.Keys;

    public override object? LastResult => Result;

    public override IReadOnlyList<string>? Outcomes { get; set; }

    public override IDictionary<string, object> Cache { get; } = new Dictionary<string, object>();

    public override CancellationToken CancellationToken => Token;

    public override bool TryGetVariable(string name, out object? value) => Variables.TryGetValue(name, out value);

    public override void SetVariable(string name, object? value) => Variables[name] = value;

    public override bool TryGetInput(string name, out object? value) => Inputs.TryGetValue(name, out value);

    public override object? GetOutputFrom(string activityIdOrName, string? outputName) =>
        Outputs.TryGetValue((activityIdOrName, outputName), out var value) ? value : null;

    public override object? GetConfig(string key) => Config.TryGetValue(key, out var value) ? value : null;
}
