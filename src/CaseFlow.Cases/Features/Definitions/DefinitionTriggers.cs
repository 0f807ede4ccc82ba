using System.Text.Json.Nodes;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>Finds the start triggers of a definition version (activities with <c>canStartWorkflow</c>).</summary>
public static class DefinitionTriggers
{
    /// <summary>Trigger activity types and the input that identifies each trigger.</summary>
    public static readonly IReadOnlyDictionary<string, string> InputByType = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Elsa.Event"] = "eventName",
        ["Elsa.Cron"] = "cronExpression",
        ["Elsa.Timer"] = "interval",
        ["Elsa.StartAt"] = "dateTime",
    };

    /// <summary>
    /// One row per trigger activity. The payload holds the input's literal value; an input written as an expression
    /// (JavaScript, Liquid…) cannot be known before a run, so its payload value is null and the expression is kept
    /// under <c>expression</c>.
    /// </summary>
    public static IEnumerable<TriggerRow> Extract(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in definition.Root.Descendants().Prepend(definition.Root))
        {
            if (!node.CanStartWorkflow || !InputByType.TryGetValue(node.Type, out var input) || !seen.Add(node.Id))
                continue;
            var (value, expression) = Literal(node[input]);
            var payload = new Dictionary<string, object?> { [input] = value };
            var hash = Bookmark.ComputeHash(node.Type, payload, null);
            if (expression is not null)
                payload["expression"] = expression;
            yield return new TriggerRow
            {
                Id = $"{definition.Id}:{node.Id}",
                DefinitionId = definition.DefinitionId,
                DefinitionVersionId = definition.Id,
                ActivityId = node.Id,
                Name = node.Type,
                Hash = hash,
                Payload = PersistenceJson.Write(payload),
            };
        }
    }

    private static (object? Value, object? Expression) Literal(JsonNode? input) => input switch
    {
        null => (null, null),
        JsonValue scalar => (ValueConverter.FromNode(scalar), null),
        JsonObject { } wrapper when wrapper["expression"] is JsonObject expression => ExpressionType(expression) switch
        {
            "Literal" or "Object" or "Json" => (ValueConverter.FromNode(expression["value"]), null),
            _ => (null, ValueConverter.FromNode(expression)),
        },
        _ => (null, ValueConverter.FromNode(input)),
    };

    private static string ExpressionType(JsonObject expression) =>
        expression["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type.Length > 0 ? type : "Literal";
}
