using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

public sealed class PublishTestRunEventTests : IAsyncLifetime
{
    private TestRunKit _kit = null!;

    public async Task InitializeAsync() => _kit = await TestRunKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task Publish_ResumesTheEventWait_WithThePayload_AndSaysHowManyWaitsItResumed()
    {
        var run = await _kit.StartAsync("approval", TestDefinitions.WaitForEvent());
        var wait = Assert.Single(run.Waits);
        Assert.Equal((TestRunWaitKinds.Event, "Approved", "wait"), (wait.Kind, wait.EventName, wait.ActivityId));

        var ignored = await _kit.PublishAsync(run, "SomethingElse");
        run = await _kit.PublishAsync(run, "Approved", new Dictionary<string, object?> { ["by"] = "li" });

        Assert.Equal(0, ignored.LastAction.Resumed);
        Assert.Equal(new TestRunAction("event", "Approved", 1) { At = run.LastAction.At }, run.LastAction);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (run.Status, run.SubStatus));
        Assert.Equal(["before", "after"], run.Console);
        Assert.Empty(run.Waits);
    }

    [Fact]
    public async Task Publish_WithoutAnEventName_IsRefused_NamingEventName()
    {
        var run = await _kit.StartAsync("approval", TestDefinitions.WaitForEvent());

        var refused = await Assert.ThrowsAsync<ValidationException>(() => _kit.PublishAsync(run, " "));

        Assert.Equal(["eventName"], refused.Errors.Keys);
    }

    [Fact]
    public async Task AChildWorkflow_RunsInsideTheRun_WithItsStepsOneLevelDeeper_AndResumesItsParentWhenItFinishes()
    {
        await _kit.Db.PublishAsync(TestDefinitions.WaitForEvent(definitionId: "child-approval", before: "child waits", after: "child done", versionId: "child-approval-v1"));
        var parent = Workflows.Serialization.WorkflowDefinitionReader.Read("""
            {
              "definitionId": "parent", "name": "Parent",
              "root": {
                "id": "flow", "type": "Elsa.Flowchart",
                "activities": [
                  { "id": "start", "type": "Elsa.Start" },
                  { "id": "call", "type": "Elsa.ExecuteWorkflow",
                    "workflowDefinitionId": { "typeName": "String", "expression": { "type": "Literal", "value": "child-approval" } },
                    "waitForCompletion": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } } },
                  { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "parent done" } } }
                ],
                "connections": [
                  { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "call", "port": "In" } },
                  { "source": { "activity": "call", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
                ]
              }
            }
            """);

        var run = await _kit.StartAsync("parent", parent);

        var childWait = Assert.Single(run.Waits, w => w.Kind == TestRunWaitKinds.Event);
        Assert.NotEqual(run.Steps[0].InstanceId, childWait.InstanceId);
        Assert.All(run.Steps.Where(s => s.InstanceId == childWait.InstanceId), s => Assert.Equal(1, s.Depth));
        var callStarted = Assert.Single(run.Steps, s => s.ActivityId == "call" && s.Event == "Started").Sequence;
        Assert.True(run.Steps.Where(s => s.Depth == 1).All(s => s.Sequence > callStarted), "the parent's step that starts the child comes first");

        run = await _kit.PublishAsync(run, "Approved");

        Assert.Equal(WorkflowSubStatus.Finished, run.SubStatus);
        Assert.Equal(["child waits", "child done", "parent done"], run.Console);
        await using var db = _kit.Db.CreateDbContext();
        Assert.Empty(db.WorkflowInstances);
    }
}
