using System.Text.Json.Nodes;

namespace CaseFlow.Workflows.Tests.Support;

/// <summary>
/// Fluent builder for an <c>Elsa.Flowchart</c> activity object in Elsa 3 JSON (nested connections, camelCase).
/// Activities keep the order they are added in; connections keep the order they are declared in.
/// </summary>
public sealed class FlowchartBuilder
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly string _id;

    public FlowchartBuilder(string id = "flowchart1") => _id = id;

    /// <summary>Adds any activity; <paramref name="properties"/> become its inputs/outputs/other properties.</summary>
    public FlowchartBuilder Add(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"Workflow1:{_id}:{id}",
            ["name"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
        };
        foreach (var (name, value) in properties)
            activity[name] = value;
        _activities.Add(activity);
        return this;
    }

    /// <summary>Adds a prepared activity object (nested flowcharts, unusual shapes).</summary>
    public FlowchartBuilder AddRaw(JsonObject activity)
    {
        _activities.Add(activity);
        return this;
    }

    /// <summary>Marks an already added activity with <c>customProperties.canStartWorkflow = true</c>.</summary>
    public FlowchartBuilder CanStart(string id)
    {
        var activity = _activities.OfType<JsonObject>().Single(a => (string?)a["id"] == id);
        activity["customProperties"]!["canStartWorkflow"] = true;
        return this;
    }

    public FlowchartBuilder Start(string id = "start") => Add(id, "Elsa.Start");

    public FlowchartBuilder End(string id = "end") => Add(id, "Elsa.End");

    public FlowchartBuilder Finish(string id = "finish") => Add(id, "Elsa.Finish");

    public FlowchartBuilder WriteLine(string id, string text) => Add(id, "Elsa.WriteLine", ("text", Expr.Literal(text)));

    public FlowchartBuilder WriteLine(string id, JsonObject text) => Add(id, "Elsa.WriteLine", ("text", text));

    public FlowchartBuilder Decision(string id, JsonObject condition) => Add(id, "Elsa.FlowDecision", ("condition", condition));

    public FlowchartBuilder Fork(string id, params string[] branches) =>
        Add(id, "Elsa.FlowFork", ("branches", Expr.Object(new JsonArray(branches.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()).ToJsonString(), "String[]")));

    public FlowchartBuilder Join(string id, string mode) => Add(id, "Elsa.FlowJoin", ("mode", Expr.Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core")));

    public FlowchartBuilder Switch(string id, string mode, params (string Label, JsonObject Condition)[] cases)
    {
        var array = new JsonArray();
        foreach (var (label, condition) in cases)
            array.Add(new JsonObject { ["label"] = label, ["condition"] = condition["expression"]!.DeepClone() });
        return Add(id, "Elsa.FlowSwitch", ("cases", array), ("mode", Expr.Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.SwitchMode, Elsa.Workflows.Core")));
    }

    public FlowchartBuilder SetVariable(string id, string variableName, JsonObject value, string typeName = "Object") =>
        Add(id, "Elsa.SetVariable",
            ("variable", new JsonObject { ["id"] = Expr.VariableId(variableName), ["name"] = variableName, ["typeName"] = typeName, ["value"] = null }),
            ("value", value));

    public FlowchartBuilder Event(string id, string eventName, string? captureInto = null) =>
        Add(id, "Elsa.Event", ("eventName", Expr.Literal(eventName)), ("result", captureInto is null ? null : Expr.Capture(captureInto)));

    public FlowchartBuilder PublishEvent(string id, string eventName, bool local, JsonObject? payload = null) =>
        Add(id, "Elsa.PublishEvent", ("eventName", Expr.Literal(eventName)), ("isLocalEvent", Expr.Literal(local, "Boolean")), ("payload", payload));

    public FlowchartBuilder Delay(string id, string timeSpan) => Add(id, "Elsa.Delay", ("timeSpan", Expr.Literal(timeSpan, "TimeSpan")));

    public FlowchartBuilder Fault(string id, string message) => Add(id, "Elsa.Fault", ("message", Expr.Literal(message)));

    /// <summary>Adds a nested flowchart as an activity.</summary>
    public FlowchartBuilder Flowchart(string id, Action<FlowchartBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var inner = new FlowchartBuilder(id);
        build(inner);
        _activities.Add(inner.Build());
        return this;
    }

    public FlowchartBuilder Connect(string source, string target, string port = "Done")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    /// <summary>Connects each activity to the next on <c>Done</c>.</summary>
    public FlowchartBuilder Chain(params string[] ids)
    {
        for (var i = 0; i + 1 < ids.Length; i++)
            Connect(ids[i], ids[i + 1]);
        return this;
    }

    public JsonObject Build() => new()
    {
        ["id"] = _id,
        ["nodeId"] = $"Workflow1:{_id}",
        ["name"] = _id,
        ["type"] = "Elsa.Flowchart",
        ["version"] = 1,
        ["customProperties"] = new JsonObject { ["notFoundConnections"] = new JsonArray() },
        ["metadata"] = new JsonObject(),
        ["activities"] = _activities.DeepClone(),
        ["variables"] = new JsonArray(),
        ["connections"] = _connections.DeepClone(),
    };
}
