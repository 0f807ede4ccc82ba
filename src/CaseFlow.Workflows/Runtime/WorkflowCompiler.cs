using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Activities.Composition;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>Turns definitions into <see cref="WorkflowPlan"/>s (cached per definition object).</summary>
public sealed class WorkflowCompiler
{
    private readonly ConditionalWeakTable<WorkflowDefinition, WorkflowPlan> _cache = [];
    private readonly Dictionary<string, IExpressionEvaluator> _evaluators;

    public WorkflowCompiler(ActivityRegistry registry, IEnumerable<IExpressionEvaluator> evaluators)
    {
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _evaluators = new Dictionary<string, IExpressionEvaluator>(StringComparer.OrdinalIgnoreCase);
        foreach (var evaluator in evaluators ?? throw new ArgumentNullException(nameof(evaluators)))
            _evaluators[evaluator.Type] = evaluator;
    }

    public ActivityRegistry Registry { get; }

    public IExpressionEvaluator? FindEvaluator(string type) => _evaluators.GetValueOrDefault(type);

    public WorkflowPlan Compile(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return _cache.GetValue(definition, CompileCore);
    }

    private WorkflowPlan CompileCore(WorkflowDefinition definition)
    {
        var byId = new Dictionary<string, ActivityPlan>(StringComparer.Ordinal);
        var workflowNode = new ActivityNode { Id = "Workflow1", Type = "Elsa.Workflow", Name = definition.Name, Path = "$" };
        var workflowActivity = Registry.Find("Elsa.Workflow")!.Activity;
        var workflow = new ActivityPlan(workflowNode, workflowActivity, "Workflow1", null);
        var variables = definition.Variables.Select(Declare).ToList();
        workflow.Variables = variables;
        workflow.Children = [CompileNode(definition.Root, "Workflow1", workflow, byId)];
        return new WorkflowPlan(definition, workflow, variables, byId);
    }

    /// <summary>Compiles a node and its children; <paramref name="byId"/> collects every plan by activity id.</summary>
    internal ActivityPlan CompileNode(ActivityNode node, string parentNodeId, ActivityPlan? parent, Dictionary<string, ActivityPlan> byId)
    {
        var activity = ResolveActivity(node);
        var plan = new ActivityPlan(node, activity, parentNodeId + ":" + node.Id, parent);
        byId.TryAdd(node.Id, plan);

        var keys = activity.Descriptor.InputKeys;
        var inputs = new CompiledInput[keys.Count];
        for (var i = 0; i < keys.Count; i++)
            inputs[i] = keys[i].Metadata.IsWrapped ? CompileInput(keys[i].Name, node.Properties[keys[i].Name]) : new CompiledInput { Name = keys[i].Name, Constant = ValueConverter.FromNode(node.Properties[keys[i].Name]), IsConstant = true, Expression = node.Properties[keys[i].Name] is null ? null : Expression.Literal(node.Properties[keys[i].Name]) };
        plan.Inputs = inputs;

        if (node.Variables is { Count: > 0 })
            plan.Variables = node.Variables.Select(Declare).ToList();

        if (node.Activities is { } children)
        {
            var childPlans = new ActivityPlan[children.Count];
            var childById = new Dictionary<string, ActivityPlan>(StringComparer.Ordinal);
            for (var i = 0; i < children.Count; i++)
            {
                childPlans[i] = CompileNode(children[i], plan.NodeId, plan, byId);
                childPlans[i].Index = i;
                childById.TryAdd(children[i].Id, childPlans[i]);
            }

            plan.Children = childPlans;
            plan.ChildById = childById;
        }

        plan.Compiled = activity.Compile(node, this);
        return plan;
    }

    private Activity ResolveActivity(ActivityNode node)
    {
        if (Registry.Find(node.Type) is { } descriptor)
            return descriptor.Activity;

        // Not a registered type: a workflow used as an activity (by definition id or by name), or an unknown
        // type that faults only if it runs (Elsa's NotFoundActivity).
        return Registry.Find(WorkflowDefinitionActivity.TypeName)!.Activity;
    }

    /// <summary>Parses an input wrapper (<c>{typeName, expression:{type, value}}</c>), a bare scalar, or null (unset).</summary>
    internal CompiledInput CompileInput(string name, JsonNode? raw)
    {
        switch (raw)
        {
            case null:
                return new CompiledInput { Name = name };
            case JsonValue scalar:
                return new CompiledInput { Name = name, Expression = Expression.Literal(scalar), IsConstant = true, Constant = ValueConverter.FromNode(scalar) };
            case JsonObject wrapper:
                var typeName = wrapper["typeName"] is JsonValue t && t.TryGetValue<string>(out var tn) ? tn : null;
                var expressionNode = wrapper["expression"] as JsonObject;
                if (expressionNode is null)
                    return new CompiledInput { Name = name, TypeName = typeName };
                var type = expressionNode["type"] is JsonValue et && et.TryGetValue<string>(out var ets) && ets.Length > 0 ? ets : ExpressionTypes.Literal;
                var expression = new Expression(type, expressionNode["value"]);
                return type switch
                {
                    ExpressionTypes.Literal => new CompiledInput { Name = name, TypeName = typeName, Expression = expression, IsConstant = true, Constant = ValueConverter.FromNode(expression.Value) },
                    ExpressionTypes.Object or ExpressionTypes.Json => new CompiledInput { Name = name, TypeName = typeName, Expression = expression, IsConstant = true, Constant = ParseObject(expression.Value) },
                    _ => new CompiledInput { Name = name, TypeName = typeName, Expression = expression, Evaluator = FindEvaluator(type) },
                };
            default:
                // An array where an input belongs: treat it as a literal value (lenient, like a bare scalar).
                return new CompiledInput { Name = name, Expression = Expression.Literal(raw), IsConstant = true, Constant = ValueConverter.FromNode(raw) };
        }
    }

    /// <summary>Object expressions hold JSON inside a string (<c>"[\"A\",\"B\"]"</c>); a plain string that is not JSON stays a string.</summary>
    internal static object? ParseObject(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            var trimmed = text.TrimStart();
            if (trimmed.Length > 0 && (trimmed[0] is '{' or '[' or '"' || char.IsDigit(trimmed[0]) || trimmed is "true" or "false" or "null"))
            {
                try
                {
                    return ValueConverter.FromNode(JsonNode.Parse(text));
                }
                catch (JsonException)
                {
                    return text;
                }
            }

            return text;
        }

        return ValueConverter.FromNode(value);
    }

    internal static VariableDeclaration Declare(VariableDefinition v)
    {
        var type = TypeAliases.Resolve(v.TypeName);
        if (v.IsArray == true && type != typeof(List<object?>) && type != typeof(string[]))
            type = typeof(List<object?>);
        return new VariableDeclaration(v, type);
    }
}
