using CaseFlow.Workflows.Serialization;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Workflows.Tests.Definitions;

/// <summary>Every workflow definition kept in the repository (shipped, golden, CLI samples) survives load → save → load.</summary>
public class RepositoryRoundTripTests
{
    public static TheoryData<string> DefinitionFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "workflows", "tests" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file);
                if (relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                    continue;
                if (IsDefinition(File.ReadAllText(file)))
                    data.Add(relative);
            }
        }

        return data;
    }

    private static bool IsDefinition(string json)
    {
        try
        {
            WorkflowDefinitionReader.Read(json);
            return true;
        }
        catch (WorkflowFormatException)
        {
            return false;
        }
    }

    [Fact]
    public void Repository_HoldsTheGoldenDefinitionsThisTestRoundTrips() => Assert.True(DefinitionFiles().Count >= 40);

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void LoadSaveLoad_GivesSemanticallyEqualJson(string file)
    {
        var original = File.ReadAllText(Path.Combine(RepositoryPaths.Root, file));

        var first = WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(original));
        var second = WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(first));
        var exported = WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(second), export: true);

        Assert.Equal(JsonTree.Normalize(JsonTree.Parse(first)), JsonTree.Normalize(JsonTree.Parse(second)));
        var reloaded = JsonTree.Parse(exported).AsObject();
        reloaded.Remove("$schema");
        reloaded.Remove("toolVersion");
        var expected = JsonTree.Parse(second).AsObject();
        expected.Remove("toolVersion");
        Assert.Equal(JsonTree.Normalize(expected), JsonTree.Normalize(reloaded));
    }
}
