using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Workflows.Tests.Support;

/// <summary>
/// Fluent builder for a whole Elsa 3 workflow definition. <see cref="ToJson"/> gives the JSON a designer would
/// export; <see cref="Build"/> reads it back through <see cref="WorkflowDefinitionReader"/>, so every test also
/// exercises the reader.
/// </summary>
public sealed class WorkflowBuilder
{
    private readonly JsonObject _model;
    private JsonObject _root = new FlowchartBuilder().Build();

    public WorkflowBuilder(string definitionId, string? name = null)
    {
        _model = new JsonObject
        {
            ["id"] = definitionId + "-v1",
            ["definitionId"] = definitionId,
            ["name"] = name ?? definitionId,
            ["description"] = "",
            ["createdAt"] = "2026-03-01T09:00:00+00:00",
            ["version"] = 1,
            ["toolVersion"] = "3.7.1.0",
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["isReadonly"] = false,
            ["isSystem"] = false,
            ["isLatest"] = true,
            ["isPublished"] = true,
            ["options"] = new JsonObject { ["usableAsActivity"] = false, ["autoUpdateConsumingWorkflows"] = false },
        };
    }

    public WorkflowBuilder Variable(string name, string typeName, string? value = null)
    {
        ((JsonArray)_model["variables"]!).Add(new JsonObject
        {
            ["id"] = Expr.VariableId(name),
            ["name"] = name,
            ["typeName"] = typeName,
            ["isArray"] = false,
            ["value"] = value,
            ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        });
        return this;
    }

    public WorkflowBuilder Input(string name, string type = "Object")
    {
        ((JsonArray)_model["inputs"]!).Add(new JsonObject { ["type"] = type, ["name"] = name, ["displayName"] = name, ["uiHint"] = "singleline" });
        return this;
    }

    public WorkflowBuilder Output(string name, string type = "Object")
    {
        ((JsonArray)_model["outputs"]!).Add(new JsonObject { ["type"] = type, ["name"] = name, ["displayName"] = name });
        return this;
    }

    public WorkflowBuilder Outcomes(params string[] outcomes)
    {
        _model["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray());
        return this;
    }

    public WorkflowBuilder Option(string name, JsonNode? value)
    {
        _model["options"]![name] = value;
        return this;
    }

    public WorkflowBuilder UsableAsActivity() => Option("usableAsActivity", true);

    public WorkflowBuilder Root(JsonObject root)
    {
        _root = root;
        return this;
    }

    public WorkflowBuilder Flowchart(Action<FlowchartBuilder> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var builder = new FlowchartBuilder();
        build(builder);
        _root = builder.Build();
        return this;
    }

    public JsonObject ToJson()
    {
        var json = (JsonObject)_model.DeepClone();
        json["root"] = _root.DeepClone();
        return json;
    }

    public WorkflowDefinition Build() => WorkflowDefinitionReader.Read(ToJson().ToJsonString());
}
