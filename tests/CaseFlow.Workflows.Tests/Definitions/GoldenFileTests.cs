using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Definitions;

public class GoldenFileTests
{
    [Theory]
    [MemberData(nameof(Golden.All), MemberType = typeof(Golden))]
    public void GoldenFile_LoadsAndCompiles(string file)
    {
        var definition = Golden.Load(file);

        var plan = WorkflowEngine.CreateRunner().Compiler.Compile(definition);

        Assert.False(string.IsNullOrEmpty(definition.DefinitionId));
        Assert.Equal(definition.Root.Id, plan.Root.Children[0].Id);
        foreach (var node in definition.Root.Descendants())
            Assert.NotNull(plan.Find(node.Id));
    }

    [Fact]
    public void GoldenFolder_HasOneFilePerRuleAtLeast()
    {
        Assert.True(Golden.FileNames().Count() >= 30, string.Join(", ", Golden.FileNames()));
    }
}
