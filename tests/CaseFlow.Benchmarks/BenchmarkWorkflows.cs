using System.Globalization;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Benchmarks;

/// <summary>One benchmark workflow: its Elsa 3 JSON, the definition read from it, and how many activities it runs.</summary>
public sealed record BenchmarkWorkflow(string Key, string Label, string Json, WorkflowDefinition Definition, int ActivityCount);

/// <summary>
/// Generates the benchmark workflows as Elsa 3 definition JSON (flowchart root, nested connections, designer
/// metadata), the way Elsa Studio exports them, and reads them back with <see cref="WorkflowDefinitionReader"/>.
/// </summary>
public static class BenchmarkWorkflows
{
    public const string TenKey = "TenActivities";
    public const string TwoHundredKey = "TwoHundredActivities";

    private const string CounterVariableId = "c0ffee0000000001";
    private const string CounterVariableName = "Counter";
    private const string StorageDriver = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core";

    /// <summary>Both workflows, keyed by <see cref="BenchmarkWorkflow.Key"/> (also the benchmark method names).</summary>
    public static IReadOnlyList<BenchmarkWorkflow> All() => [TenActivities(), TwoHundredActivities()];

    /// <summary>
    /// Start → WriteLine → SetVariable → WriteLine → FlowDecision (Literal true) →(True) WriteLine → SetVariable →
    /// Correlate → WriteLine → End: 10 activities in one chain, every input a Literal.
    /// </summary>
    public static BenchmarkWorkflow TenActivities()
    {
        var chart = new FlowchartBuilder("ten");
        var ids = new[]
        {
            chart.Add("Elsa.Start", "Start1"),
            chart.WriteLine("WriteLine1", Literal("String", "Hello from the benchmark")),
            chart.SetCounter("SetVariable1", "1"),
            chart.WriteLine("WriteLine2", Literal("String", "Counter set")),
            chart.Add("Elsa.FlowDecision", "Decision1", ("condition", Literal("Boolean", "true"))),
            chart.WriteLine("WriteLine3", Literal("String", "Decision was true")),
            chart.SetCounter("SetVariable2", "2"),
            chart.Add("Elsa.Correlate", "Correlate1", ("correlationId", Literal("String", "bench-correlation"))),
            chart.WriteLine("WriteLine4", Literal("String", "Done")),
            chart.Add("Elsa.End", "End1"),
        };
        for (var i = 0; i + 1 < ids.Length; i++)
            chart.Connect(ids[i], i == 4 ? "True" : "Done", ids[i + 1]);
        return Build(TenKey, "10-activity flowchart", chart);
    }

    /// <summary>
    /// Start → FlowFork (Object <c>["A","B","C","D"]</c>) → four chains of WriteLine/SetVariable (49+49+48+48) →
    /// FlowJoin WaitAll → FlowDecision (JavaScript <c>getCounter() &gt;= 0</c>) →(True) WriteLine → End: 200 activities.
    /// </summary>
    public static BenchmarkWorkflow TwoHundredActivities()
    {
        const int total = 200;
        string[] branches = ["A", "B", "C", "D"];
        var chart = new FlowchartBuilder("twohundred");
        var start = chart.Add("Elsa.Start", "Start1");
        var fork = chart.Add("Elsa.FlowFork", "Fork1", ("branches", Wrapped("String[]", "Object", "[\"A\",\"B\",\"C\",\"D\"]")));
        chart.Connect(start, "Done", fork);

        // Fixed nodes: Start, Fork, Join, Decision, WriteLine, End; the rest is spread over the branches.
        var perBranch = total - 6;
        var tails = new List<string>();
        for (var b = 0; b < branches.Length; b++)
        {
            var length = perBranch / branches.Length + (b < perBranch % branches.Length ? 1 : 0);
            var previous = fork;
            var port = branches[b];
            for (var i = 0; i < length; i++)
            {
                var name = FormattableString.Invariant($"{branches[b]}{i + 1}");
                var id = i % 3 == 2
                    ? chart.SetCounter("Set" + name, (i + 1).ToString(CultureInfo.InvariantCulture))
                    : chart.WriteLine("Write" + name, Literal("String", "Branch " + name));
                chart.Connect(previous, port, id);
                previous = id;
                port = "Done";
            }

            tails.Add(previous);
        }

        var join = chart.Add("Elsa.FlowJoin", "Join1", ("mode", Literal("Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core", "WaitAll")));
        foreach (var tail in tails)
            chart.Connect(tail, "Done", join);
        var decision = chart.Add("Elsa.FlowDecision", "Decision1", ("condition", Wrapped("Boolean", "JavaScript", "getCounter() >= 0")));
        var write = chart.WriteLine("WriteLineAfterJoin", Literal("String", "All branches joined"));
        var end = chart.Add("Elsa.End", "End1");
        chart.Connect(join, "Done", decision);
        chart.Connect(decision, "True", write);
        chart.Connect(write, "Done", end);
        if (chart.Count != total)
            throw new InvalidOperationException($"Generated {chart.Count} activities, expected {total}");
        return Build(TwoHundredKey, "200-activity flowchart (fork/join, JS)", chart);
    }

    private static BenchmarkWorkflow Build(string key, string label, FlowchartBuilder chart)
    {
        var json = chart.ToDefinition(key, label).ToJsonString();
        var definition = WorkflowDefinitionReader.Read(json);
        return new BenchmarkWorkflow(key, label, json, definition, chart.Count);
    }

    private static JsonObject Literal(string typeName, string value) => Wrapped(typeName, "Literal", value);

    private static JsonObject Wrapped(string typeName, string expressionType, string value) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value },
    };

    // Workflow-level variables carry isArray; the copy inside a SetVariable node does not (as Elsa writes them).
    private static JsonObject CounterVariable(bool withIsArray)
    {
        var variable = new JsonObject { ["id"] = CounterVariableId, ["name"] = CounterVariableName, ["typeName"] = "Int32" };
        if (withIsArray)
            variable["isArray"] = false;
        variable["value"] = "0";
        variable["storageDriverTypeName"] = StorageDriver;
        return variable;
    }

    private sealed class FlowchartBuilder(string prefix)
    {
        private readonly string _flowchartId = prefix + "-flowchart";
        private readonly JsonArray _activities = [];
        private readonly JsonArray _connections = [];

        public int Count => _activities.Count;

        public string Add(string type, string name, params (string Name, JsonNode Value)[] inputs)
        {
            var index = _activities.Count;
            var id = FormattableString.Invariant($"{prefix}-{index:D4}");
            var activity = new JsonObject();
            foreach (var (inputName, value) in inputs)
                activity[inputName] = value;
            activity["id"] = id;
            activity["nodeId"] = $"Workflow1:{_flowchartId}:{id}";
            activity["name"] = name;
            activity["type"] = type;
            activity["version"] = 1;
            activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = false, ["runAsynchronously"] = false };
            activity["metadata"] = new JsonObject
            {
                ["designer"] = new JsonObject
                {
                    ["position"] = new JsonObject { ["x"] = index % 20 * 200, ["y"] = index / 20 * 100 },
                    ["size"] = new JsonObject { ["width"] = 140, ["height"] = 50 },
                },
            };
            _activities.Add(activity);
            return id;
        }

        public string WriteLine(string name, JsonObject text) => Add("Elsa.WriteLine", name, ("text", text));

        public string SetCounter(string name, string value) =>
            Add("Elsa.SetVariable", name, ("variable", CounterVariable(withIsArray: false)), ("value", Literal("Object", value)));

        public void Connect(string source, string port, string target) => _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });

        public JsonObject ToDefinition(string key, string label) => new()
        {
            ["$schema"] = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
            ["id"] = prefix + "-v1",
            ["definitionId"] = "benchmark-" + key,
            ["name"] = label,
            ["description"] = "Generated by CaseFlow.Benchmarks",
            ["createdAt"] = "2026-01-01T00:00:00+00:00",
            ["version"] = 1,
            ["toolVersion"] = "3.7.1.0",
            ["variables"] = new JsonArray(CounterVariable(withIsArray: true)),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["isReadonly"] = false,
            ["isSystem"] = false,
            ["isLatest"] = true,
            ["isPublished"] = true,
            ["options"] = new JsonObject { ["usableAsActivity"] = false, ["autoUpdateConsumingWorkflows"] = false },
            ["root"] = new JsonObject
            {
                ["id"] = _flowchartId,
                ["nodeId"] = "Workflow1:" + _flowchartId,
                ["name"] = "Flowchart1",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["customProperties"] = new JsonObject { ["notFoundConnections"] = new JsonArray() },
                ["metadata"] = new JsonObject(),
                ["activities"] = _activities,
                ["variables"] = new JsonArray(),
                ["connections"] = _connections,
            },
        };
    }
}
