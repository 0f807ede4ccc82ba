using System.Text.Json.Nodes;
using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Definitions;

public class RoundTripTests
{
    private static string Save(string json, bool export = false) => WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(json), export);

    [Theory]
    [MemberData(nameof(Golden.All), MemberType = typeof(Golden))]
    public void Save_IsStableAcrossASecondLoadAndSave_ForEveryGoldenFile(string file)
    {
        var once = Save(Golden.Text(file));
        var twice = Save(once);

        Assert.Equal(JsonTree.Normalize(JsonTree.Parse(once)), JsonTree.Normalize(JsonTree.Parse(twice)));
    }

    [Theory]
    [MemberData(nameof(Golden.All), MemberType = typeof(Golden))]
    public void Save_KeepsEveryPropertyOfTheFile_ForEveryCurrentShapeGoldenFile(string file)
    {
        if (file == "start-legacy-shape.json")
            return; // The legacy shape is rewritten on purpose (flat connections, top-level canStartWorkflow); see below.
        var original = JsonTree.Parse(Golden.Text(file));

        var saved = JsonTree.Parse(Save(Golden.Text(file), export: true));

        JsonTree.AssertContains(original, saved);
    }

    [Fact]
    public void Save_RewritesTheLegacyShape_IntoNestedConnectionsAndCustomProperties()
    {
        var saved = (JsonObject)JsonTree.Parse(Save(Golden.Text("start-legacy-shape.json")));

        var root = (JsonObject)saved["root"]!;
        var two = root["activities"]!.AsArray().OfType<JsonObject>().Single(a => (string?)a["id"] == "two");
        Assert.False(two.ContainsKey("canStartWorkflow"));
        Assert.True((bool?)two["customProperties"]!["canStartWorkflow"]);
        var connection = root["connections"]![0]!;
        Assert.Equal("one", (string?)connection["source"]!["activity"]);
        Assert.Equal("Done", (string?)connection["source"]!["port"]);
        Assert.Equal("two", (string?)connection["target"]!["activity"]);
        Assert.Equal("In", (string?)connection["target"]!["port"]);
        Assert.NotNull(connection["vertices"]);
        Assert.Equal("orphan", (string?)root["start"]);
        Assert.Equal("orphan:input-1", (string?)root["activities"]![0]!["text"]!["memoryReference"]!["id"]);
    }

    [Fact]
    public void Save_KeepsUnknownTopLevelProperties()
    {
        var saved = (JsonObject)JsonTree.Parse(Save(Golden.Text("roundtrip-kitchen-sink.json")));

        Assert.Equal("[\"claims\",\"beta\"]", saved["labels"]!.ToJsonString());
        Assert.Equal("{\"nested\":{\"deep\":[true,null,1.25]}}", saved["x-vendor"]!.ToJsonString());
        Assert.True((bool?)saved["usableAsActivity"]);
        Assert.Equal("tenant-7", (string?)saved["tenantId"]);
    }

    [Fact]
    public void Save_KeepsUnknownActivityTypeWithNestedData()
    {
        var original = JsonTree.Parse(Golden.Text("roundtrip-kitchen-sink.json"))["root"]!["activities"]![2]!;

        var saved = JsonTree.Parse(Save(Golden.Text("roundtrip-kitchen-sink.json")))["root"]!["activities"]![2]!;

        Assert.Equal("Acme.Claims.ScoreRisk", (string?)saved["type"]);
        Assert.Equal(3, (int?)saved["version"]);
        Assert.Equal(JsonTree.Normalize(original), JsonTree.Normalize(saved));
    }

    [Fact]
    public void Save_KeepsUnknownActivityPropertiesAndOutputWrappers()
    {
        var saved = JsonTree.Parse(Save(Golden.Text("roundtrip-kitchen-sink.json")))["root"]!["activities"]![1]!;

        Assert.Equal("{\"typeName\":\"Object\",\"memoryReference\":{\"id\":\"var-Amount\"}}", saved["result"]!.ToJsonString());
        Assert.Equal("{{ Variables.Amount }}", (string?)saved["futureInput"]!["expression"]!["value"]);
        Assert.True(((JsonObject)saved).ContainsKey("taskId"));
        Assert.Null(saved["taskId"]);
        Assert.Equal("Executed", (string?)saved["customProperties"]!["commitStrategyName"]);
    }

    [Fact]
    public void Save_KeepsDesignerMetadataAndConnectionVertices()
    {
        var saved = JsonTree.Parse(Save(Golden.Text("roundtrip-kitchen-sink.json")))["root"]!;

        Assert.Equal(-520.5, (double?)saved["activities"]![0]!["metadata"]!["designer"]!["position"]!["x"]);
        Assert.Equal("Begin", (string?)saved["activities"]![0]!["metadata"]!["displayText"]);
        Assert.Equal(0.8, (double?)saved["metadata"]!["zoom"]);
        Assert.Equal("[{\"x\":0,\"y\":40},{\"x\":100,\"y\":40}]", saved["connections"]![2]!["vertices"]!.ToJsonString());
        Assert.Equal("after approval", (string?)saved["connections"]![1]!["label"]);
        Assert.Equal("High risk", (string?)saved["connections"]![2]!["source"]!["port"]);
    }

    [Fact]
    public void Save_KeepsVariablesInputsOutputsAndCustomProperties()
    {
        var original = JsonTree.Parse(Golden.Text("roundtrip-kitchen-sink.json"));

        var saved = JsonTree.Parse(Save(Golden.Text("roundtrip-kitchen-sink.json")));

        foreach (var key in new[] { "variables", "inputs", "outputs", "outcomes", "customProperties", "options" })
            Assert.Equal(JsonTree.Normalize(original[key]), JsonTree.Normalize(saved[key]));
        Assert.Equal(JsonTree.Normalize(original["root"]!["variables"]), JsonTree.Normalize(saved["root"]!["variables"]));
        Assert.Equal("12.50", (string?)saved["variables"]![0]!["value"]);
    }

    [Fact]
    public void Export_WritesSchemaFirstAndAToolVersion()
    {
        var definition = new WorkflowBuilder("no-tool-version").Flowchart(f => f.Start()).Build();
        definition.ToolVersion = null;

        var exported = (JsonObject)JsonTree.Parse(WorkflowDefinitionWriter.Write(definition, export: true));
        var plain = (JsonObject)JsonTree.Parse(WorkflowDefinitionWriter.Write(definition));

        Assert.Equal("$schema", exported.First().Key);
        Assert.Equal("https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json", (string?)exported["$schema"]);
        Assert.False(string.IsNullOrEmpty((string?)exported["toolVersion"]));
        Assert.False(plain.ContainsKey("$schema"));
    }

    [Fact]
    public void Save_KeepsCreatedAtAsTheSameInstant()
    {
        var original = JsonTree.Parse(Golden.Text("roundtrip-kitchen-sink.json"));

        var saved = JsonTree.Parse(Save(Golden.Text("roundtrip-kitchen-sink.json")));

        Assert.Equal(JsonTree.ParseDate(original["createdAt"]), JsonTree.ParseDate(saved["createdAt"]));
        Assert.Equal(TimeSpan.FromHours(1), JsonTree.ParseDate(saved["createdAt"]).Offset);
    }
}
