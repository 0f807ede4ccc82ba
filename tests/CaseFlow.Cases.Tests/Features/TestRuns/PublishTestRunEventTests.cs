using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

public sealed class PublishTestRunEventTests : TestRunTests
{
    [Fact]
    public async Task Publish_ResumesTheEventWait_WithThePayload_AndSaysHowManyWaitsItResumed()
    {
        var run = await Kit.StartAsync("approval", TestDefinitions.WaitForEvent());
        var wait = Assert.Single(run.Waits);
        Assert.Equal((TestRunWaitKinds.Event, "Approved", "wait"), (wait.Kind, wait.EventName, wait.ActivityId));

        var ignored = await Kit.PublishAsync(run, "SomethingElse");
        run = await Kit.PublishAsync(run, "Approved", new Dictionary<string, object?> { ["by"] = "li" });

        Assert.Equal(0, ignored.LastAction.Resumed);
        Assert.Equal(new TestRunAction("event", "Approved", 1) { At = run.LastAction.At }, run.LastAction);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (run.Status, run.SubStatus));
        Assert.Equal(["before", "after"], run.Console);
        Assert.Empty(run.Waits);
    }

    [Fact]
    public async Task Publish_WithoutAnEventName_IsRefused_NamingEventName()
    {
        var run = await Kit.StartAsync("approval", TestDefinitions.WaitForEvent());

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Kit.PublishAsync(run, " "));

        Assert.Equal(["eventName"], refused.Errors.Keys);
    }

    [Fact]
    public async Task AChildWorkflow_RunsInsideTheRun_WithItsStepsOneLevelDeeper_AndResumesItsParentWhenItFinishes()
    {
        await Kit.Db.PublishAsync(TestDefinitions.WaitForEvent(definitionId: "child-approval", before: "child waits", after: "child done", versionId: "child-approval-v1"));
        var parent = TestRunKit.Calling("parent", "child-approval");

        var run = await Kit.StartAsync("parent", parent);

        var childWait = Assert.Single(run.Waits, w => w.Kind == TestRunWaitKinds.Event);
        Assert.NotEqual(run.Steps[0].InstanceId, childWait.InstanceId);
        Assert.All(run.Steps.Where(s => s.InstanceId == childWait.InstanceId), s => Assert.Equal(1, s.Depth));
        var callStarted = Assert.Single(run.Steps, s => s.ActivityId == "call" && s.Event == "Started").Sequence;
        Assert.True(run.Steps.Where(s => s.Depth == 1).All(s => s.Sequence > callStarted), "the parent's step that starts the child comes first");

        run = await Kit.PublishAsync(run, "Approved");

        Assert.Equal(WorkflowSubStatus.Finished, run.SubStatus);
        Assert.Equal(["child waits", "child done", "parent done"], run.Console);
        await using var db = Kit.Db.CreateDbContext();
        Assert.Empty(db.WorkflowInstances);
    }
}
