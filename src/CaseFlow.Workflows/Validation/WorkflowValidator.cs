using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Activities.Composition;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Flowchart;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Workflows.Validation;

/// <summary>
/// Checks a workflow definition before it is published or run and reports every problem with the JSON path of
/// the offending property (<c>root.activities[3].condition</c>, <c>root.connections[2].target</c>,
/// <c>variables[0].typeName</c>).
/// </summary>
/// <remarks>
/// <para>Errors: duplicate activity ids; connections to activities that are not in their flowchart; flowcharts
/// with no activities or no possible start; unknown activity types on a reachable path; literal inputs and
/// variable values that do not convert to their declared type (TimeSpan, dates, numbers, booleans, enums, cron,
/// JSON for arrays and dictionaries); missing required inputs; script syntax errors (through the
/// <see cref="IExpressionSyntaxChecker"/>s given); expression types CaseFlow cannot evaluate.</para>
/// <para>Warnings: activities unreachable from the start (unknown types there are warnings too); connections from
/// a port the source activity never produces; loop back-edges the flowchart faults on; unknown variable types;
/// literals the runtime accepts but probably reads differently than meant (<c>"5"</c> as a TimeSpan is five days).</para>
/// <para>Each registered activity may add its own findings through <see cref="Activity.Validate"/>.</para>
/// </remarks>
public sealed class WorkflowValidator
{
    private const string FlowchartType = "Elsa.Flowchart";
    private const string StartType = "Elsa.Start";

    /// <summary>Expression types Elsa defines that CaseFlow evaluates (besides Literal/Object/Json, which are read at compile time).</summary>
    private static readonly HashSet<string> EvaluatedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ExpressionTypes.Variable, ExpressionTypes.Input, ExpressionTypes.JavaScript, ExpressionTypes.Liquid, ExpressionTypes.Delegate,
    };

    /// <summary>Every expression type name Elsa knows; used to recognise expression objects inside unwrapped inputs.</summary>
    private static readonly HashSet<string> ElsaExpressionTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ExpressionTypes.Literal, ExpressionTypes.Object, ExpressionTypes.Json, ExpressionTypes.Variable, ExpressionTypes.Input,
        ExpressionTypes.Delegate, ExpressionTypes.JavaScript, ExpressionTypes.Liquid, "CSharp", "Python", "Secret",
    };

    /// <summary>
    /// How deep a literal value in a definition (a variable's initial value, an input) may nest; the default of the
    /// runtime's <c>WorkflowRunnerOptions.MaxVariableDepth</c>, which stored values must keep to.
    /// </summary>
    public const int MaxValueDepth = 32;

    private readonly ActivityRegistry _registry;
    private readonly Dictionary<string, IExpressionSyntaxChecker> _checkers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, bool>? _isKnownWorkflowActivity;

    /// <param name="registry">The activity types the runtime knows.</param>
    /// <param name="syntaxCheckers">Syntax checkers by expression type (JavaScript, Liquid); later ones win.</param>
    /// <param name="isKnownWorkflowActivity">
    /// Given an unregistered activity type name or a <c>workflowDefinitionId</c>, says whether a definition exists for
    /// it (workflow-as-activity). Null accepts every unregistered type whose node carries a <c>workflowDefinitionId</c>.
    /// </param>
    public WorkflowValidator(ActivityRegistry registry, IEnumerable<IExpressionSyntaxChecker> syntaxCheckers, Func<string, bool>? isKnownWorkflowActivity = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        ArgumentNullException.ThrowIfNull(syntaxCheckers);
        foreach (var checker in syntaxCheckers)
            _checkers[checker.Type] = checker;
        _isKnownWorkflowActivity = isKnownWorkflowActivity;
    }

    /// <summary>Validates a parsed definition. The list is empty when nothing was found; errors and warnings are in document order per activity.</summary>
    public IReadOnlyList<ValidationIssue> Validate(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var context = new ValidationContext(definition, _registry);
        new Run(this, context).Execute();
        return context.Issues.ToList();
    }

    /// <summary>
    /// Reads and validates definition JSON. JSON that cannot be read as a definition gives one error located at the
    /// path the reader names (<c>$</c> for malformed JSON, <c>root</c> when the root is missing...).
    /// </summary>
    public IReadOnlyList<ValidationIssue> ValidateJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        WorkflowDefinition definition;
        try
        {
            definition = WorkflowDefinitionReader.Read(json);
        }
        catch (WorkflowFormatException ex)
        {
            return [FromFormatException(ex.Message)];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return [ValidationIssue.Of(ValidationSeverity.Error, "$", ValidationMessages.DefinitionUnreadable(ex.Message))];
        }

        return Validate(definition);
    }

    // "root.activities[0].type: every activity needs a type" -> path + message.
    private static ValidationIssue FromFormatException(string message)
    {
        var separator = message.IndexOf(": ", StringComparison.Ordinal);
        if (separator > 0)
        {
            var path = message[..separator];
            if (!path.Contains(' ', StringComparison.Ordinal))
                return ValidationIssue.Of(ValidationSeverity.Error, path, ValidationMessages.DefinitionFormat(message[(separator + 2)..]));
        }

        return ValidationIssue.Of(ValidationSeverity.Error, "$", ValidationMessages.DefinitionFormat(message));
    }

    /// <summary>The state of one validation.</summary>
    private sealed class Run(WorkflowValidator validator, ValidationContext context)
    {
        private readonly ActivityRegistry _registry = validator._registry;

        public void Execute()
        {
            var definition = context.Definition;
            // An empty id is the designer's first save (the server assigns one); any other id must fit the grammar.
            if (definition.DefinitionId.Length > 0 && DefinitionId.Check(definition.DefinitionId) is { } idProblem)
                context.Error("definitionId", idProblem);
            CheckIds(definition.Root);
            CheckVariables(definition.Variables, "variables");
            ValidateNode(definition.Root, reachable: true);
        }

        // ---- rule 1: ids ------------------------------------------------------------------------------------

        private void CheckIds(ActivityNode root)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var node in root.Descendants().Prepend(root))
            {
                if (node.Id.Length == 0)
                {
                    if (!ReferenceEquals(node, root))
                        context.Warning(node.Path, ValidationMessages.ActivityIdMissing());
                    continue;
                }

                if (!seen.TryAdd(node.Id, node.Path))
                    context.Error(node.Path, ValidationMessages.ActivityIdDuplicate(node.Id, seen[node.Id]));
            }
        }

        // ---- activities -------------------------------------------------------------------------------------

        private void ValidateNode(ActivityNode node, bool reachable)
        {
            var descriptor = _registry.Find(node.Type);
            if (descriptor is null)
            {
                if (IsWorkflowActivity(node, out var missingDefinitionId))
                {
                    CheckWrappedExpressions(node);
                }
                else
                {
                    var unknown = missingDefinitionId is null
                        ? ValidationMessages.ActivityTypeUnknown(node.Type)
                        : ValidationMessages.ActivityWorkflowNotFound(node.Type, missingDefinitionId);
                    context.Add(reachable ? ValidationSeverity.Error : ValidationSeverity.Warning, node.Path, unknown);
                }
            }
            else
            {
                ValidateInputs(node, descriptor);
                RunActivityValidation(node, descriptor);
            }

            CheckValueDepths(node);
            if (node.Variables is { Count: > 0 } variables)
                CheckVariables(variables, node.Path + ".variables");

            if (node.Activities is not { } children)
                return;
            if (node.Type == FlowchartType)
            {
                ValidateFlowchart(node, children, reachable);
            }
            else
            {
                // Sequence (and any other container): every child runs when the container runs.
                foreach (var child in children)
                    ValidateNode(child, reachable);
            }
        }

        /// <summary>
        /// Workflow-as-activity: an unregistered type naming a definition, or carrying a <c>workflowDefinitionId</c>;
        /// when not, <paramref name="missingDefinitionId"/> is the <c>workflowDefinitionId</c> no definition has.
        /// </summary>
        private bool IsWorkflowActivity(ActivityNode node, out string? missingDefinitionId)
        {
            missingDefinitionId = null;
            var definitionId = Text(node.Properties["workflowDefinitionId"]);
            var isKnown = validator._isKnownWorkflowActivity;
            if (isKnown is null)
                return definitionId is not null;
            if (isKnown(node.Type) || definitionId is not null && isKnown(definitionId))
                return true;
            missingDefinitionId = definitionId;
            return false;
        }

        private void RunActivityValidation(ActivityNode node, ActivityDescriptor descriptor)
        {
            if (descriptor.Activity is null)
                return;
            try
            {
                descriptor.Activity.Validate(node, context);
            }
            catch (Exception ex)
            {
                context.Error(node.Path, ValidationMessages.ActivityValidationFailed(node.Type, ex.Message));
            }
        }

        // ---- inputs (rules 5, 7, 8, 9) ----------------------------------------------------------------------

        private void ValidateInputs(ActivityNode node, ActivityDescriptor descriptor)
        {
            var keys = descriptor.InputKeys.ToDictionary(k => k.Name, StringComparer.OrdinalIgnoreCase);
            foreach (var input in descriptor.Inputs)
            {
                var path = $"{node.Path}.{input.Name}";
                var raw = node.Properties[input.Name];
                var type = keys.TryGetValue(input.Name, out var key) ? key.ValueType : TypeAliases.Resolve(input.TypeName);
                if (input.IsWrapped)
                    ValidateWrappedInput(input, raw, type, path);
                else
                    ValidateUnwrappedInput(node, input, raw, type, path);
            }
        }

        private void ValidateWrappedInput(InputDescriptor input, JsonNode? raw, Type type, string path)
        {
            var value = InputValue.Read(raw);
            if (input.IsRequired && value.IsMissing)
            {
                // An unset input falls back to the declared default at run time (an empty Literal does not: it reads as "no value").
                if (value.Type is null && input.DefaultValue is not null)
                    context.Warning(path, ValidationMessages.RequiredInputDefault(input.Name, ValueConverter.ToText(input.DefaultValue)));
                else
                    context.Error(path, ValidationMessages.RequiredInputMissing(input.Name));
                return;
            }

            if (value.Type is null)
                return;
            switch (value.Type)
            {
                case ExpressionTypes.Literal:
                    CheckLiteral(input, type, ValueConverter.FromNode(value.Value), path);
                    break;
                case ExpressionTypes.Object or ExpressionTypes.Json:
                    CheckObjectExpression(input, type, value.Value, path);
                    break;
                default:
                    CheckExpression(path, value.Type, value.Value);
                    break;
            }
        }

        private void CheckLiteral(InputDescriptor input, Type type, object? value, string path)
        {
            if (input.Name.Equals("cronExpression", StringComparison.OrdinalIgnoreCase) && value is string { Length: > 0 } cron)
            {
                Report(path, LiteralChecks.CheckCron(cron));
                return;
            }

            Report(path, LiteralChecks.Check(value, type, input.Options));
        }

        // Object expressions hold JSON in a string; arrays and dictionaries need it to parse (rule 9).
        private void CheckObjectExpression(InputDescriptor input, Type type, JsonNode? value, string path)
        {
            if (LiteralChecks.IsStructured(type) && value is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
                && LiteralChecks.ParseJsonError(text) is { } error)
            {
                context.Error(path, InvalidJson(ExpressionTypes.Object, error));
                return;
            }

            CheckLiteral(input, type, WorkflowCompiler.ParseObject(value), path);
        }

        /// <summary>Inputs kept as raw JSON (FlowSwitch.cases, SetVariable.variable): required check, JSON in wrappers, embedded expressions.</summary>
        private void ValidateUnwrappedInput(ActivityNode node, InputDescriptor input, JsonNode? raw, Type type, string path)
        {
            if (input.IsRequired && (raw is null || raw is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0))
            {
                context.Error(path, ValidationMessages.RequiredInputMissing(input.Name));
                return;
            }

            if (raw is null)
                return;

            var content = raw;
            if (raw is JsonObject wrapper && wrapper["expression"] is JsonObject)
            {
                // Lenient: some writers wrap these inputs anyway ({typeName, expression:{type:"Object", value:"[...]"}}).
                var value = InputValue.Read(raw);
                if (value.Type is ExpressionTypes.Object or ExpressionTypes.Json or ExpressionTypes.Literal)
                {
                    if (value.Value is JsonValue jv && jv.TryGetValue<string>(out var text))
                    {
                        if (string.IsNullOrWhiteSpace(text))
                            return;
                        if (LiteralChecks.IsStructured(type) && LiteralChecks.ParseJsonError(text) is { } error)
                        {
                            context.Error(path, InvalidJson(value.Type, error));
                            return;
                        }

                        content = LiteralChecks.IsStructured(type) ? JsonNode.Parse(text) : value.Value;
                    }
                    else
                    {
                        content = value.Value;
                    }
                }
                else if (value.Type is not null)
                {
                    CheckExpression(path, value.Type, value.Value);
                    return;
                }
            }

            if (content is null)
                return;
            if (node.Type == "Elsa.FlowSwitch" && input.Name == "cases")
                CheckSwitchCases(content, path);
            ScanExpressions(content, path);
        }

        // FlowSwitch.ParseCases reads label with GetValue<string>(): anything but a string label breaks compilation.
        private void CheckSwitchCases(JsonNode cases, string path)
        {
            if (cases is not JsonArray array)
            {
                context.Error(path, ValidationMessages.SwitchCasesNotArray());
                return;
            }

            for (var i = 0; i < array.Count; i++)
            {
                var casePath = $"{path}[{i}]";
                if (array[i] is not JsonObject item)
                {
                    context.Error(casePath, ValidationMessages.SwitchCaseNotObject());
                    continue;
                }

                switch (item["label"])
                {
                    case null:
                        context.Warning(casePath + ".label", ValidationMessages.SwitchCaseLabelMissing());
                        break;
                    case JsonValue label when label.TryGetValue<string>(out var text):
                        if (text.Length == 0)
                            context.Warning(casePath + ".label", ValidationMessages.SwitchCaseLabelMissing());
                        break;
                    default:
                        context.Error(casePath + ".label", ValidationMessages.SwitchCaseLabelNotString());
                        break;
                }
            }
        }

        /// <summary>Finds expression objects (<c>{type, value}</c> or <c>{expression:{...}}</c>) anywhere inside raw JSON.</summary>
        private void ScanExpressions(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["expression"] is JsonObject && InputValue.Read(o) is { Type: { } wrappedType } wrapped)
                    {
                        CheckEmbedded(path, wrappedType, wrapped.Value);
                        return;
                    }

                    if (o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && o.ContainsKey("value")
                        && (ElsaExpressionTypes.Contains(type) || validator._checkers.ContainsKey(type)))
                    {
                        CheckEmbedded(path, type, o["value"]);
                        return;
                    }

                    foreach (var (name, child) in o)
                        ScanExpressions(child, $"{path}.{name}");
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                        ScanExpressions(a[i], $"{path}[{i}]");
                    break;
            }
        }

        private void CheckEmbedded(string path, string type, JsonNode? value)
        {
            if (type is ExpressionTypes.Object or ExpressionTypes.Json && value is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
            {
                var parsed = WorkflowCompiler.ParseObject(value);
                if (parsed is string && (text.TrimStart().StartsWith('[') || text.TrimStart().StartsWith('{')) && LiteralChecks.ParseJsonError(text) is { } error)
                    context.Error(path, InvalidJson(type, error));
                return;
            }

            CheckExpression(path, type, value);
        }

        /// <summary>Workflow-as-activity nodes: their properties are the child's inputs; check the scripts in them.</summary>
        private void CheckWrappedExpressions(ActivityNode node)
        {
            foreach (var (name, raw) in node.Properties)
            {
                if (raw is JsonObject o && o["expression"] is JsonObject && InputValue.Read(o) is { Type: { } type } value
                    && type is not (ExpressionTypes.Literal or ExpressionTypes.Object or ExpressionTypes.Json))
                    CheckExpression($"{node.Path}.{name}", type, value.Value);
            }
        }

        /// <summary>Rule 8: script syntax through the checkers, and expression types CaseFlow cannot evaluate.</summary>
        private void CheckExpression(string path, string type, JsonNode? value)
        {
            if (validator._checkers.TryGetValue(type, out var checker))
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var source) || string.IsNullOrWhiteSpace(source))
                    return;
                ExpressionSyntaxError? error;
                try
                {
                    error = checker.CheckSyntax(source);
                }
                catch (Exception ex)
                {
                    context.Error(path, ValidationMessages.ExpressionCheckFailed(checker.Type, ex.Message));
                    return;
                }

                if (error is not null)
                    context.Error(path, ValidationMessages.ExpressionSyntaxError(checker.Type, error.Line, error.Column, error.Message));
                return;
            }

            // Literal, Object and Json are matched case-sensitively by the compiler; other types go to an evaluator by name.
            if (type is ExpressionTypes.Literal or ExpressionTypes.Object or ExpressionTypes.Json || EvaluatedTypes.Contains(type))
                return;
            context.Error(path, ValidationMessages.ExpressionTypeUnsupported(type));
        }

        private static ValidationMessage InvalidJson(string expressionType, JsonError error) =>
            ValidationMessages.ExpressionJsonInvalid(expressionType, error.Detail, error.Line, error.Column);

        private void Report(string path, ValueProblem? problem)
        {
            if (problem is { } p)
                context.Add(p.Severity, path, p.Message);
        }

        // ---- variables (rule 5) -----------------------------------------------------------------------------

        private void CheckVariables(List<VariableDefinition> variables, string basePath)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < variables.Count; i++)
            {
                var variable = variables[i];
                var path = $"{basePath}[{i}]";
                if (variable.Name.Length > 0 && !names.TryAdd(variable.Name, path))
                    context.Warning(path + ".name", ValidationMessages.VariableNameDuplicate(variable.Name, names[variable.Name]));

                if (!IsKnownTypeName(variable.TypeName))
                {
                    context.Warning(path + ".typeName", ValidationMessages.VariableTypeUnknown(variable.TypeName));
                    continue;
                }

                if (JsonDepth(variable.Value, MaxValueDepth) > MaxValueDepth)
                {
                    context.Error(path + ".value", ValidationMessages.ValueTooDeep(MaxValueDepth));
                    continue;
                }

                var declaration = WorkflowCompiler.Declare(variable);
                Report(path + ".value", LiteralChecks.Check(ValueConverter.FromNode(variable.Value), declaration.ClrType, null));
            }
        }

        // A literal value lands in variables, outputs and snapshots, which the runtime bounds at MaxVariableDepth: a definition
        // holding a deeper one could run but never be saved. The input wrapper ({typeName, expression:{type, value}}) adds two levels.
        private void CheckValueDepths(ActivityNode node)
        {
            foreach (var (name, raw) in node.Properties)
            {
                if (JsonDepth(raw, MaxValueDepth + 2) > MaxValueDepth + 2)
                    context.Error($"{node.Path}.{name}", ValidationMessages.ValueTooDeep(MaxValueDepth));
            }
        }

        // Recursive, but over JSON the reader already bounded (256 levels), and it stops one level past the limit.
        private static int JsonDepth(JsonNode? node, int limit)
        {
            if (node is not (JsonObject or JsonArray))
                return 0;
            if (limit < 0)
                return 1;
            var deepest = 0;
            var children = node is JsonObject o ? o.Select(p => p.Value) : node.AsArray();
            foreach (var child in children)
            {
                deepest = Math.Max(deepest, JsonDepth(child, limit - 1));
                if (deepest > limit)
                    break;
            }

            return deepest + 1;
        }

        private static bool IsKnownTypeName(string typeName) =>
            string.IsNullOrWhiteSpace(typeName) || TypeAliases.IsKnown(typeName.Trim()) || typeName.Contains(',', StringComparison.Ordinal);

        // ---- flowcharts (rules 2, 3, 4, 6, 11) --------------------------------------------------------------

        private void ValidateFlowchart(ActivityNode flowchart, List<ActivityNode> children, bool reachable)
        {
            var connections = flowchart.Connections ?? [];
            if (children.Count == 0)
            {
                context.Error(flowchart.Path, ValidationMessages.FlowchartEmpty());
                for (var i = 0; i < connections.Count; i++)
                    CheckConnectionEnds(flowchart, connections[i], i, new Dictionary<string, int>());
                return;
            }

            var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < children.Count; i++)
                indexById.TryAdd(children[i].Id, i);

            // FlowGraph keeps the connections whose both ends exist, in definition order; remember their indexes.
            var kept = new List<int>();
            for (var i = 0; i < connections.Count; i++)
            {
                if (CheckConnectionEnds(flowchart, connections[i], i, indexById))
                    kept.Add(i);
            }

            var plan = PlanFor(flowchart, children);
            var start = FindStart(children, new FlowGraph(plan, 0), out var hasStart);
            if (!hasStart)
                context.Error(flowchart.Path, ValidationMessages.FlowchartNoStart());

            var graph = new FlowGraph(plan, start);
            System.Diagnostics.Debug.Assert(graph.ConnectionCount == kept.Count, "FlowGraph filters connections the same way");

            for (var c = 0; c < graph.ConnectionCount; c++)
                CheckSourcePort(flowchart, connections[kept[c]], kept[c], children[graph.Sources[c]]);

            var fromStart = Reach(graph, [start]);
            var roots = new List<int> { start };
            for (var i = 0; i < children.Count; i++)
            {
                // A trigger that may start the workflow is a start of its own when it fires.
                if (children[i].CanStartWorkflow && _registry.Find(children[i].Type)?.Kind == ActivityKind.Trigger)
                    roots.Add(i);
            }

            var reach = roots.Count == 1 ? fromStart : Reach(graph, roots);
            for (var c = 0; c < graph.ConnectionCount; c++)
            {
                if (graph.IsForward[c] || graph.BackEdgeValid[c] || !fromStart[graph.Sources[c]])
                    continue;
                var source = children[graph.Sources[c]].Id;
                var target = children[graph.Targets[c]].Id;
                context.Warning($"{flowchart.Path}.connections[{kept[c]}]", ValidationMessages.ConnectionInvalidLoop(source, target));
            }

            for (var i = 0; i < children.Count; i++)
            {
                if (!reach[i])
                    context.Warning(children[i].Path, ValidationMessages.ActivityUnreachable(children[i].Id));
                ValidateNode(children[i], reachable && reach[i]);
            }
        }

        private bool CheckConnectionEnds(ActivityNode flowchart, Connection connection, int index, Dictionary<string, int> indexById)
        {
            var path = $"{flowchart.Path}.connections[{index}]";
            var ok = true;
            if (!indexById.ContainsKey(connection.Source.Activity))
            {
                context.Error(path + ".source", ValidationMessages.ConnectionSourceMissing(connection.Source.Activity));
                ok = false;
            }

            if (!indexById.ContainsKey(connection.Target.Activity))
            {
                context.Error(path + ".target", ValidationMessages.ConnectionTargetMissing(connection.Target.Activity));
                ok = false;
            }

            return ok;
        }

        private void CheckSourcePort(ActivityNode flowchart, Connection connection, int index, ActivityNode source)
        {
            var outcomes = PossibleOutcomes(source);
            if (outcomes is null || outcomes.Contains(connection.Source.Port, StringComparer.Ordinal))
                return;
            var path = $"{flowchart.Path}.connections[{index}].source";
            context.Warning(path, outcomes.Count == 0
                ? ValidationMessages.ConnectionPortNeverFollowed(source.Id, source.Type, connection.Source.Port)
                : ValidationMessages.ConnectionPortUnknown(source.Id, connection.Source.Port, string.Join(", ", outcomes)));
        }

        /// <summary>The outcomes a node can produce, or null when they cannot be known statically.</summary>
        private IReadOnlyList<string>? PossibleOutcomes(ActivityNode node)
        {
            var descriptor = _registry.Find(node.Type);
            if (descriptor?.Activity is null || descriptor.WorkflowDefinitionId is not null || descriptor.TypeName == WorkflowDefinitionActivity.TypeName)
                return null;
            if (descriptor.DynamicOutcomesInput is { } dynamic && !InputValue.Read(node.Properties[dynamic]).IsStatic)
                return null;
            try
            {
                return descriptor.Activity.GetOutcomes(node);
            }
            catch (Exception)
            {
                return null; // malformed dynamic outcomes are reported on the input itself
            }
        }

        /// <summary>Elsa's rule: the first Elsa.Start, else the first canStartWorkflow, else the first without inbound connections, else the first.</summary>
        private static int FindStart(List<ActivityNode> children, FlowGraph inbound, out bool hasStart)
        {
            hasStart = true;
            var index = children.FindIndex(c => c.Type == StartType);
            if (index >= 0)
                return index;
            index = children.FindIndex(c => c.CanStartWorkflow);
            if (index >= 0)
                return index;
            for (var i = 0; i < children.Count; i++)
            {
                if (!inbound.HasAnyInbound[i])
                    return i;
            }

            hasStart = false;
            return 0;
        }

        private static bool[] Reach(FlowGraph graph, IEnumerable<int> roots)
        {
            var reached = new bool[graph.ActivityCount];
            var queue = new Queue<int>();
            foreach (var root in roots)
            {
                if (!reached[root])
                {
                    reached[root] = true;
                    queue.Enqueue(root);
                }
            }

            while (queue.Count > 0)
            {
                foreach (var c in graph.Outbound[queue.Dequeue()])
                {
                    var target = graph.Targets[c];
                    if (!reached[target])
                    {
                        reached[target] = true;
                        queue.Enqueue(target);
                    }
                }
            }

            return reached;
        }

        // FlowGraph reads only the ids of the children and the flowchart's connections.
        private static ActivityPlan PlanFor(ActivityNode flowchart, List<ActivityNode> children)
        {
            var plan = new ActivityPlan(flowchart, GraphOnlyActivity.Instance, flowchart.Id, null);
            plan.Children = children.Select(c => new ActivityPlan(c, GraphOnlyActivity.Instance, c.Id, plan)).ToArray();
            return plan;
        }

        private static string? Text(JsonNode? node) => node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
            JsonObject o when o["expression"]?["value"] is JsonValue ev && ev.TryGetValue<string>(out var es) && es.Length > 0 => es,
            _ => null,
        };
    }

    /// <summary>An input as written: unset, or an expression type and its raw value (bare scalars and arrays are literals).</summary>
    private readonly record struct InputValue(string? Type, JsonNode? Value)
    {
        public static InputValue Read(JsonNode? raw) => raw switch
        {
            null => default,
            JsonObject wrapper => wrapper["expression"] is JsonObject expression
                ? new InputValue(expression["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type.Length > 0 ? type : ExpressionTypes.Literal, expression["value"])
                : default,
            _ => new InputValue(ExpressionTypes.Literal, raw),
        };

        /// <summary>Unset, null, an empty Literal, or a script with no text.</summary>
        public bool IsMissing => Type is null || Value switch
        {
            null => true,
            JsonValue v when v.GetValueKind() == JsonValueKind.Null => true,
            JsonValue v when v.TryGetValue<string>(out var s) => Type == ExpressionTypes.Literal ? s.Length == 0 : string.IsNullOrWhiteSpace(s),
            _ => false,
        };

        /// <summary>Known without running anything: unset, Literal, Object or Json.</summary>
        public bool IsStatic => Type is null or ExpressionTypes.Literal or ExpressionTypes.Object or ExpressionTypes.Json;
    }

    /// <summary>Stands in for the activities of a plan built only to analyse a flowchart's graph.</summary>
    private sealed class GraphOnlyActivity : Activity
    {
        public static readonly GraphOnlyActivity Instance = new();

        public override ValueTask ExecuteAsync(ActivityExecutionContext context) => default;
    }
}
