using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Activities;

namespace CaseFlow.Workflows.Tests.Activities;

public class ActivityRegistryTests
{
    private static readonly string[] CoreTypes =
    [
        "Elsa.Start", "Elsa.End", "Elsa.Finish", "Elsa.Complete", "Elsa.WriteLine", "Elsa.SetVariable", "Elsa.SetName",
        "Elsa.SetOutput", "Elsa.Correlate", "Elsa.Fault", "Elsa.FlowDecision", "Elsa.FlowSwitch", "Elsa.FlowFork",
        "Elsa.FlowJoin", "Elsa.Delay", "Elsa.Timer", "Elsa.StartAt", "Elsa.Cron", "Elsa.Event", "Elsa.PublishEvent",
        "Elsa.RunTask", "Elsa.ExecuteWorkflow", "Elsa.Sequence", "Elsa.Flowchart",
    ];

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly ActivityRegistry _registry = ActivityRegistry.CreateDefault();

    [Fact]
    public void CreateDefault_RegistersEveryCoreElsaActivity()
    {
        var missing = CoreTypes.Where(t => _registry.Find(t) is null).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Descriptors_HaveCategoryDisplayNameAndDescription()
    {
        foreach (var descriptor in _registry.Descriptors)
        {
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Category), descriptor.TypeName);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.DisplayName), descriptor.TypeName);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description), descriptor.TypeName);
        }
    }

    [Fact]
    public void FlowDecision_DescribesItsRequiredConditionAndTwoPorts()
    {
        var decision = _registry.Find("Elsa.FlowDecision")!;

        Assert.Equal(["True", "False"], decision.Outcomes);
        var condition = Assert.Single(decision.Inputs);
        Assert.Equal("condition", condition.Name);
        Assert.Equal("Boolean", condition.TypeName);
        Assert.True(condition.IsRequired);
        Assert.Equal("JavaScript", condition.DefaultSyntax);
    }

    [Fact]
    public void FlowFork_DeclaresItsBranchesAsDynamicOutcomes()
    {
        var fork = _registry.Find("Elsa.FlowFork")!;

        Assert.Equal("branches", fork.DynamicOutcomesInput);
        Assert.Equal(UIHints.DynamicOutcomes, fork.Inputs.Single(i => i.Name == "branches").UIHint);
    }

    [Fact]
    public void Delay_HasATimeSpanInputWithItsDefault()
    {
        var timeSpan = _registry.Find("Elsa.Delay")!.Inputs.Single();

        Assert.Equal("timeSpan", timeSpan.Name);
        Assert.Equal("TimeSpan", timeSpan.TypeName);
        Assert.Equal("00:01:00", timeSpan.DefaultValue);
    }

    [Fact]
    public void TerminalActivities_HaveNoOutcomes()
    {
        foreach (var type in new[] { "Elsa.End", "Elsa.Finish", "Elsa.Complete" })
        {
            var descriptor = _registry.Find(type)!;
            Assert.True(descriptor.IsTerminal, type);
            Assert.Empty(descriptor.Outcomes);
        }
    }

    [Fact]
    public void Descriptors_SerializeToJsonForTheDesignerPalette()
    {
        var json = JsonSerializer.Serialize(_registry.Descriptors, Web);
        var array = JsonNode.Parse(json)!.AsArray();

        var writeLine = array.Single(d => d!["typeName"]!.GetValue<string>() == "Elsa.WriteLine")!;
        Assert.Equal("Primitives", writeLine["category"]!.GetValue<string>());
        Assert.Equal("Action", writeLine["kind"]!.GetValue<string>());
        Assert.Equal("Done", writeLine["ports"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("text", writeLine["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Null(writeLine["activity"]);
    }

    [Fact]
    public void Triggers_AreMarkedAsTriggerKind()
    {
        foreach (var type in new[] { "Elsa.Event", "Elsa.Timer", "Elsa.Cron", "Elsa.StartAt" })
            Assert.Equal(ActivityKind.Trigger, _registry.Find(type)!.Kind);
    }
}
