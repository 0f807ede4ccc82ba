using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Validation;

namespace CaseFlow.Workflows.Tests;

/// <summary>The shipped definitions in the repository's workflows/ folder must load, round-trip and validate.</summary>
public class WorkflowsFolderTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Workflows, "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        if (data.Count == 0)
            data.Add("");
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ShippedDefinition_LoadsAndHasNoValidationErrors(string file)
    {
        Assert.True(Directory.Exists(RepositoryPaths.Workflows));
        if (file.Length == 0)
            return;

        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, file));
        var errors = WorkflowEngine.CreateValidator(_ => true).ValidateJson(json).Where(i => i.Severity == ValidationSeverity.Error).ToList();
        Assert.Empty(errors);

        var saved = WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(json));
        Assert.Equal(saved, WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(saved)));
    }
}
