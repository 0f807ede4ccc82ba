using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Workflows.Activities.Composition;

/// <summary>
/// Runs another definition as an activity of this workflow (Elsa's workflow-as-activity): the node's <c>type</c>
/// is the child's name and it carries <c>workflowDefinitionId</c>/<c>workflowDefinitionVersionId</c>. The child's
/// declared inputs are the node's inputs (camel-cased names), its outputs are captured like activity outputs and
/// its <c>Elsa.Complete</c> outcomes are this node's outcomes. The child runs inside this instance, in its own
/// variable scope. An unknown type with no such definition faults when it runs (Elsa's NotFoundActivity).
/// </summary>
[Activity(TypeName, Category = "Workflows", DisplayName = "Workflow", Description = "Runs a workflow definition as an activity.", IsBrowsable = false)]
public sealed class WorkflowDefinitionActivity : Activity
{
    public const string TypeName = "CaseFlow.WorkflowDefinitionActivity";
    private static readonly object ChildKey = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var child = await ResolveAsync(context)
            ?? throw new ActivityFaultException($"Unknown activity type '{context.Node.Type}': no activity or workflow definition has that name");

        var scope = new WorkflowScope { Definition = child.Definition };
        foreach (var input in child.Definition.Inputs)
        {
            var compiled = child.Inputs.GetValueOrDefault(input.Name);
            if (compiled is { IsSet: true })
                scope.Inputs[input.Name] = context.EvaluateCompiled(compiled, TypeAliases.Resolve(input.Type));
        }

        context.Scope = scope;
        context.DeclareVariables(child.Variables);
        context.ScheduleChild(child.Root);
    }

    public override void OnChildCompleted(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = context.Scope!;
        foreach (var (name, value) in scope.Outputs)
        {
            context.Workflow.RecordOutput(context, name, value);
            var property = context.Node.Properties[JsonNamingPolicyCamel(name)] ?? context.Node.Properties[name];
            if (property is JsonObject wrapper && wrapper["memoryReference"] is JsonObject reference && reference["id"] is JsonValue id && id.TryGetValue<string>(out var variableId))
                (context.Parent ?? context).SetVariableById(variableId, value, declareIfMissing: false);
        }

        context.SetResult(new Dictionary<string, object?>(scope.Outputs));
        context.Complete(scope.Outcomes ?? Outcomes.DoneOnly);
    }

    public override void OnChildEnded(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Workflow.HasPendingWork(context))
            context.Complete(context.Scope?.Outcomes ?? Outcomes.DoneOnly);
    }

    public override IReadOnlyList<string> GetOutcomes(ActivityNode node) => [Outcomes.Done];

    /// <summary>The compiled root of the child definition (for restoring a snapshot).</summary>
    internal static async ValueTask<ActivityPlan> GetChildRootAsync(ActivityExecutionContext context) =>
        (await ResolveAsync(context))?.Root ?? throw new InvalidOperationException($"The workflow used as activity {context.Node.Id} ({context.Node.Type}) can no longer be found");

    /// <summary>Re-attaches a restored scope to its child definition and declares the child's variables.</summary>
    internal static async ValueTask RestoreScopeAsync(ActivityExecutionContext context)
    {
        var child = await ResolveAsync(context) ?? throw new InvalidOperationException($"The workflow used as activity {context.Node.Id} ({context.Node.Type}) can no longer be found");
        var scope = context.Scope!;
        context.Scope = new WorkflowScope { Inputs = scope.Inputs, Outputs = scope.Outputs, Outcomes = scope.Outcomes, Definition = child.Definition };
        context.DeclareVariables(child.Variables);
    }

    private static async ValueTask<ResolvedChild?> ResolveAsync(ActivityExecutionContext context)
    {
        var plan = context.Plan;
        if (plan.Cache.TryGetValue(ChildKey, out var cached))
            return (ResolvedChild)cached;

        var provider = context.Workflow.Runner.DefinitionProvider;
        WorkflowDefinition? definition = null;
        var node = context.Node;
        if (Text(node.Properties["workflowDefinitionVersionId"]) is { } versionId)
            definition = await provider.FindByVersionIdAsync(versionId, context.Workflow.CancellationToken);
        if (definition is null && Text(node.Properties["workflowDefinitionId"]) is { } definitionId)
            definition = await provider.FindPublishedOrLatestAsync(definitionId, context.Workflow.CancellationToken);
        definition ??= await provider.FindByNameAsync(node.Type, context.Workflow.CancellationToken);
        if (definition is null)
            return null;

        var compiler = context.Workflow.Compiler;
        var inputs = definition.Inputs.ToDictionary(
            i => i.Name,
            i => compiler.CompileInput(i.Name, node.Properties[JsonNamingPolicyCamel(i.Name)] ?? node.Properties[i.Name]),
            StringComparer.OrdinalIgnoreCase);
        // Compiled under this node so that node ids nest as in Elsa (Workflow1:flow:thisNode:childFlow:activity).
        var root = compiler.CompileNode(definition.Root, plan.NodeId, plan, new Dictionary<string, ActivityPlan>(StringComparer.Ordinal));
        var resolved = new ResolvedChild(definition, inputs, root, definition.Variables.Select(WorkflowCompiler.Declare).ToList());
        plan.Cache.AddOrUpdate(ChildKey, resolved);
        return resolved;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonObject o when o["expression"]?["value"] is JsonValue ev && ev.TryGetValue<string>(out var es) && es.Length > 0 => es,
        _ => null,
    };

    private static string JsonNamingPolicyCamel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private sealed record ResolvedChild(WorkflowDefinition Definition, Dictionary<string, CompiledInput> Inputs, ActivityPlan Root, IReadOnlyList<VariableDeclaration> Variables);
}
