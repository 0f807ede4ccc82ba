using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows;
using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Validation;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Cases.Tests;

/// <summary>
/// The shipped definitions in the repository's workflows/ folder load, validate with CaseFlow's activities (Elsa's and
/// the case activities) and round-trip unchanged. Lives beside the case activities because the files use them.
/// </summary>
public class WorkflowsFolderTests
{
    private static readonly string Folder = RepositoryPaths.Workflows;

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void TheShippedProcesses_AreThere()
    {
        Assert.True(File.Exists(Path.Combine(Folder, "complaint-handling.json")));
        Assert.True(File.Exists(Path.Combine(Folder, "inquiry-handling.json")));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ShippedDefinition_LoadsAndHasNoValidationErrors(string file)
    {
        var json = File.ReadAllText(Path.Combine(Folder, file));
        var issues = WorkflowEngine.CreateValidator(_ => false, DependencyInjection.CreateActivityRegistry()).ValidateJson(json);
        Assert.Empty(issues.Where(i => i.Severity == ValidationSeverity.Error).Select(i => i.ToString()));
        Assert.Empty(issues.Select(i => i.ToString()));

        var saved = WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(json));
        Assert.Equal(saved, WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(saved)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ShippedDefinition_GivesEveryActivityAPositionForTheDesigner(string file)
    {
        var definition = WorkflowDefinitionReader.Read(File.ReadAllText(Path.Combine(Folder, file)));
        var flowchart = System.Text.Json.Nodes.JsonNode.Parse(WorkflowDefinitionWriter.Write(definition))!["root"]!;
        foreach (var activity in flowchart["activities"]!.AsArray())
            Assert.NotNull(activity!["metadata"]?["designer"]?["position"]);
    }
}
