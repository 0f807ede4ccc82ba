using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class FaultTests
{
    [Fact]
    public async Task Fault_EndsTheWorkflowAsFaulted_WithOneIncident()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("fault.json"));

        Assert.Equal(["before"], lines);
        workflow.AssertFaulted();
        var incident = Assert.Single(workflow.State.Incidents);
        Assert.Equal("boom", incident.ActivityId);
        Assert.Equal("Workflow1:fc1:boom", incident.ActivityNodeId);
        Assert.Equal("Elsa.Fault", incident.ActivityType);
        Assert.Equal("Boom", incident.Message);
        Assert.Equal(1, workflow.State.IncidentCount);
        Assert.NotNull(workflow.State.FinishedAt);
        Assert.Empty(workflow.State.Bookmarks);
    }

    [Fact]
    public async Task Fault_IsJournaledAsFaulted_WithTheMessage()
    {
        var (workflow, _) = await WorkflowHarness.RunAsync(Golden.Load("fault.json"));

        Assert.Equal([JournalEvents.Started, JournalEvents.Faulted], workflow.JournalOf("boom"));
        var record = workflow.Journal.Single(j => j.EventName == JournalEvents.Faulted);
        Assert.Equal("Boom", record.Message);
        Assert.Empty(workflow.JournalOf("after"));
    }

    [Fact]
    public async Task Fault_WithTheContinueStrategy_LetsOtherBranchesGoOn()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("fault-continue.json"));

        Assert.Equal(["b", "b2"], lines);
        Assert.Equal("boom", Assert.Single(workflow.State.Incidents).ActivityId);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Fault_WithTheContinueStrategyFromRunnerOptions_LetsOtherBranchesGoOn()
    {
        var definition = Golden.Load("fault-continue.json");
        definition.Options!.Remove("incidentStrategyType");
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { DefaultIncidentStrategy = IncidentStrategy.Continue });

        var workflow = await harness.StartAsync(definition);

        Assert.Equal(["b", "b2"], harness.Lines);
        Assert.Single(workflow.State.Incidents);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Fault_WithoutAStrategy_StopsParallelBranchesToo()
    {
        var definition = Golden.Load("fault-continue.json");
        definition.Options!.Remove("incidentStrategyType");

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Empty(lines);
        workflow.AssertFaulted();
    }

    [Fact]
    public async Task FaultedInstance_CannotBeResumed()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("fault.json"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await harness.Runtime.Runner.ResumeAsync(workflow, "any"));
    }
}
