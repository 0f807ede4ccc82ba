using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public async Task AddCaseFlowCases_RegistersAWorkingWorkflowEngine()
    {
        using var provider = new ServiceCollection().AddCaseFlowCases().BuildServiceProvider();
        var runner = provider.GetRequiredService<WorkflowRunner>();
        var definition = WorkflowDefinitionReader.Read("""
            {"id":"v1","definitionId":"hello","version":1,"root":{"id":"fc","type":"Elsa.Flowchart","activities":[
              {"id":"w","type":"Elsa.WriteLine","text":{"typeName":"String","expression":{"type":"Literal","value":"Hello"}}}],"connections":[]}}
            """);
        var console = new CollectingWorkflowConsole();

        var workflow = await runner.StartAsync(definition, new StartWorkflowOptions { Console = console });

        Assert.Equal(WorkflowSubStatus.Finished, workflow.State.SubStatus);
        Assert.Equal(["Hello"], console.Lines);
    }

    [Fact]
    public void AddCaseFlowCases_RegistersTheBuiltInActivityPalette()
    {
        using var provider = new ServiceCollection().AddCaseFlowCases().BuildServiceProvider();
        var registry = provider.GetRequiredService<ActivityRegistry>();

        Assert.NotNull(registry.Find("Elsa.FlowDecision"));
        Assert.NotNull(registry.Find("Elsa.RunTask"));
    }
}
