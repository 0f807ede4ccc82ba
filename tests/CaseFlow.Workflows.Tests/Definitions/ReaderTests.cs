using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Workflows.Tests.Definitions;

public class ReaderTests
{
    private const string Activities = """
        [
          { "id": "a", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "a" } } },
          { "id": "b", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "b" } } }
        ]
        """;

    private static WorkflowDefinition ReadWithConnections(string connections) =>
        WorkflowDefinitionReader.Read($$"""{ "id": "v1", "definitionId": "d1", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": {{Activities}}, "connections": {{connections}} } }""");

    private static void AssertSingleConnection(WorkflowDefinition definition, string sourcePort = "Done", string targetPort = "In")
    {
        var connection = Assert.Single(definition.Root.Connections!);
        Assert.Equal(("a", sourcePort), (connection.Source.Activity, connection.Source.Port));
        Assert.Equal(("b", targetPort), (connection.Target.Activity, connection.Target.Port));
    }

    [Fact]
    public void Read_AcceptsNestedConnections()
    {
        var definition = ReadWithConnections("""[ { "source": { "activity": "a", "port": "Done" }, "target": { "activity": "b", "port": "In" }, "vertices": [ { "x": 1, "y": 2 } ] } ]""");

        AssertSingleConnection(definition);
        Assert.Equal("[{\"x\":1,\"y\":2}]", definition.Root.Connections![0].Vertices!.ToJsonString());
    }

    [Fact]
    public void Read_AcceptsFlatConnections()
    {
        var definition = ReadWithConnections("""[ { "source": "a", "target": "b", "sourcePort": "Done", "targetPort": "In" } ]""");

        AssertSingleConnection(definition);
    }

    [Fact]
    public void Read_DefaultsFlatConnectionPortsToDoneAndIn()
    {
        var definition = ReadWithConnections("""[ { "source": "a", "target": "b" } ]""");

        AssertSingleConnection(definition);
    }

    [Fact]
    public void Read_AcceptsDollarValuesConnections()
    {
        var definition = ReadWithConnections("""{ "$values": [ { "source": { "activity": "a", "port": "Done" }, "target": { "activity": "b", "port": "In" } } ] }""");

        AssertSingleConnection(definition);
    }

    [Fact]
    public void Read_AcceptsASingleConnectionObject()
    {
        var definition = ReadWithConnections("""{ "source": { "activity": "a", "port": "Custom" }, "target": { "activity": "b", "port": "In" } }""");

        AssertSingleConnection(definition, sourcePort: "Custom");
    }

    [Fact]
    public void Read_AcceptsPascalCaseProperties()
    {
        var definition = WorkflowDefinitionReader.Read("""
            { "Id": "v1", "DefinitionId": "d1", "Name": "Pascal", "Version": 2,
              "Root": { "Id": "fc", "Type": "Elsa.Flowchart",
                        "Activities": [ { "Id": "a", "Type": "Elsa.WriteLine" }, { "Id": "b", "Type": "Elsa.WriteLine" } ],
                        "Connections": [ { "Source": { "Activity": "a", "Port": "Done" }, "Target": { "Activity": "b", "Port": "In" } } ] } }
            """);

        Assert.Equal(("d1", "Pascal", 2), (definition.DefinitionId, definition.Name, definition.Version));
        Assert.Equal(2, definition.Root.Activities!.Count);
        AssertSingleConnection(definition);
    }

    [Fact]
    public void Write_UsesTheNestedConnectionFormWithVertices_WhateverFormWasRead()
    {
        var definition = ReadWithConnections("""[ { "source": "a", "target": "b", "sourcePort": "Done", "targetPort": "In" } ]""");

        var connection = WorkflowDefinitionWriter.ToJsonObject(definition)["root"]!["connections"]![0]!;

        Assert.Equal(
            """{"source":{"activity":"a","port":"Done"},"target":{"activity":"b","port":"In"},"vertices":[]}""",
            connection.ToJsonString());
    }

    [Fact]
    public void Write_KeepsANestedConnectionWithoutVertices_WithoutThem_AndTheirVerticesWhereThereAreSome()
    {
        var definition = ReadWithConnections("""
            [ { "source": { "activity": "a", "port": "Done" }, "target": { "activity": "b", "port": "In" } },
              { "source": { "activity": "a", "port": "Done" }, "target": { "activity": "b", "port": "In" }, "vertices": [ { "x": 1, "y": 2 } ] } ]
            """);

        var connections = WorkflowDefinitionWriter.ToJsonObject(definition)["root"]!["connections"]!;

        Assert.Equal("""{"source":{"activity":"a","port":"Done"},"target":{"activity":"b","port":"In"}}""", connections[0]!.ToJsonString());
        Assert.Equal("""[{"x":1,"y":2}]""", connections[1]!["vertices"]!.ToJsonString());
    }

    [Fact]
    public void Read_MovesLegacyTopLevelCanStartWorkflowIntoCustomProperties()
    {
        var definition = WorkflowDefinitionReader.Read("""
            { "id": "v1", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": [
                { "id": "a", "type": "Elsa.WriteLine", "canStartWorkflow": true, "runAsynchronously": true } ] } }
            """);

        var activity = definition.Root.Activities![0];
        Assert.True(activity.CanStartWorkflow);
        Assert.True(activity.RunAsynchronously);
        Assert.False(activity.Properties.ContainsKey("canStartWorkflow"));
        var written = WorkflowDefinitionWriter.WriteActivity(activity);
        Assert.False(written.ContainsKey("canStartWorkflow"));
        Assert.Equal("""{"canStartWorkflow":true,"runAsynchronously":true}""", written["customProperties"]!.ToJsonString());
    }

    [Fact]
    public void Read_PrefersCustomPropertiesOverTheLegacyTopLevelFlag()
    {
        var definition = WorkflowDefinitionReader.Read("""
            { "id": "v1", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": [
                { "id": "a", "type": "Elsa.WriteLine", "canStartWorkflow": true, "customProperties": { "canStartWorkflow": false } } ] } }
            """);

        Assert.False(definition.Root.Activities![0].CanStartWorkflow);
    }

    [Fact]
    public void Read_KeepsInputAndOutputWrappersRaw()
    {
        var definition = WorkflowDefinitionReader.Read("""
            { "id": "v1", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": [
                { "id": "e", "type": "Elsa.Event",
                  "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "go" }, "memoryReference": { "id": "e:input-1" } },
                  "result": { "typeName": "Object", "memoryReference": { "id": "var-1" } } } ] } }
            """);

        var activity = definition.Root.Activities![0];
        Assert.Equal("var-1", (string?)activity["result"]!["memoryReference"]!["id"]);
        Assert.Equal("e:input-1", (string?)activity["eventName"]!["memoryReference"]!["id"]);
    }

    [Fact]
    public void Read_FallsBackBetweenIdAndDefinitionId()
    {
        var onlyId = WorkflowDefinitionReader.Read("""{ "id": "only-id", "root": { "id": "fc", "type": "Elsa.Flowchart" } }""");
        var onlyDefinitionId = WorkflowDefinitionReader.Read("""{ "definitionId": "only-def", "root": { "id": "fc", "type": "Elsa.Flowchart" } }""");

        Assert.Equal(("only-id", "only-id"), (onlyId.Id, onlyId.DefinitionId));
        Assert.Equal(("only-def", "only-def"), (onlyDefinitionId.Id, onlyDefinitionId.DefinitionId));
    }

    [Fact]
    public void Read_MalformedJson_ThrowsWorkflowFormatExceptionAtTheRoot()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("""{ "id": "v1", "root": { "id": """));

        Assert.StartsWith("$:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonObjectDocument_ThrowsWorkflowFormatException()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("[1, 2]"));

        Assert.StartsWith("$:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingRoot_NamesRoot()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("""{ "id": "v1" }"""));

        Assert.StartsWith("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ActivityWithoutType_NamesItsPath()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("""
            { "id": "v1", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": [ { "id": "a", "type": "Elsa.Start" }, { "id": "b" } ] } }
            """));

        Assert.StartsWith("root.activities[1].type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ActivityThatIsNotAnObject_NamesItsPath()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("""
            { "id": "v1", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": [ { "id": "a", "type": "Elsa.Start" }, 42 ] } }
            """));

        Assert.StartsWith("root.activities[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ConnectionWithoutSourceActivity_NamesItsPath()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => ReadWithConnections("""[ { "source": { "activity": "a" }, "target": { "activity": "b" } }, { "source": { "port": "Done" }, "target": { "activity": "b" } } ]"""));

        Assert.StartsWith("root.connections[1].source.activity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestedActivityProblem_NamesTheNestedPath()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("""
            { "id": "v1", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": [
              { "id": "inner", "type": "Elsa.Flowchart", "activities": [ { "id": "x", "type": [] } ] } ] } }
            """));

        Assert.StartsWith("root.activities[0].activities[0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongTypedName_NamesThePath()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("""{ "id": "v1", "name": { "x": 1 }, "root": { "id": "fc", "type": "Elsa.Flowchart" } }"""));

        Assert.StartsWith("$.name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordsWhereEachActivityCameFrom()
    {
        var definition = ReadWithConnections("[]");

        Assert.Equal("root.activities[1]", definition.Root.Activities![1].Path);
        Assert.IsType<JsonObject>(definition.Root.Activities[1]["text"]);
    }

    [Theory]
    [InlineData("Id", "$.Id")]
    [InlineData("id", "$.id")]
    public void Read_RepeatedTopLevelProperty_ThrowsWorkflowFormatExceptionNamingThePath(string second, string expectedPath)
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read($$"""{ "id": "a", "{{second}}": "b", "root": { "id": "fc", "type": "Elsa.Flowchart" } }"""));

        Assert.StartsWith(expectedPath, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ActivityPropertiesThatDifferOnlyInCase_ThrowWorkflowFormatExceptionNamingThePath()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("""
            { "id": "a", "root": { "id": "fc", "type": "Elsa.Flowchart", "activities": [
              { "id": "x", "type": "Elsa.Start" },
              { "id": "y", "type": "Elsa.WriteLine", "text": "one", "Text": "two" } ] } }
            """));

        Assert.StartsWith("root.activities[1].Text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesAStringWithAnUnpairedSurrogate_AsAFormatError()
    {
        var ex = Assert.Throws<WorkflowFormatException>(() => WorkflowDefinitionReader.Read("{\"name\":\"\\ud800\",\"root\":{\"type\":\"Elsa.Flowchart\",\"id\":\"f\"}}"));

        Assert.StartsWith("$: invalid text", ex.Message, StringComparison.Ordinal);
    }
}
