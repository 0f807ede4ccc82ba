using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Workflows.Tests.Support;

/// <summary>The golden Elsa 3 JSON workflows in <c>Flowcharts/</c>, copied next to the test assembly.</summary>
public static class Golden
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Flowcharts");

    public static string Text(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    public static WorkflowDefinition Load(string fileName) => WorkflowDefinitionReader.Read(Text(fileName));

    public static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Folder, path))
            .Order(StringComparer.Ordinal);

    /// <summary>xunit member data: one row per golden file.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in FileNames())
            data.Add(name);
        return data;
    }
}
