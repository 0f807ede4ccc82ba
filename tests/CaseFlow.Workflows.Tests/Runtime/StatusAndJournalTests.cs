using CaseFlow.Workflows.Activities.Events;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class StatusAndJournalTests
{
    [Fact]
    public void CreatedInstance_IsRunningAndPending()
    {
        var harness = new WorkflowHarness();

        var workflow = harness.Runtime.Runner.CreateInstance(Golden.Load("event-payload.json"));

        workflow.AssertStatus(WorkflowStatus.Running, WorkflowSubStatus.Pending);
        Assert.Equal(TestClock.DefaultStart, workflow.State.CreatedAt);
        Assert.Equal("event-payload", workflow.State.DefinitionId);
        Assert.Equal("event-payload-v1", workflow.State.DefinitionVersionId);
    }

    [Fact]
    public async Task Instance_GoesFromRunningSuspended_ToFinishedFinished()
    {
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(Golden.Load("event-payload.json"));
        workflow.AssertStatus(WorkflowStatus.Running, WorkflowSubStatus.Suspended);
        Assert.Null(workflow.State.FinishedAt);

        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await harness.Runtime.PublishEventAsync("approve", payload: "ok");

        workflow.AssertStatus(WorkflowStatus.Finished, WorkflowSubStatus.Finished);
        Assert.Equal(TestClock.DefaultStart.AddMinutes(3), workflow.State.FinishedAt);
    }

    [Fact]
    public async Task CancelWorkflow_CancelsRunningActivities_RemovesBookmarks_AndEndsAsCancelled()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("event-payload.json"));

        workflow.CancelWorkflow();

        workflow.AssertStatus(WorkflowStatus.Finished, WorkflowSubStatus.Cancelled);
        Assert.Empty(workflow.State.Bookmarks);
        Assert.Contains(JournalEvents.Canceled, workflow.JournalOf("wait"));
        Assert.Equal(JournalEvents.WorkflowCancelled, workflow.Journal[^1].EventName);
        Assert.Equal(0, await harness.Runtime.PublishEventAsync("approve"));
        Assert.Empty(harness.Lines);
    }

    [Fact]
    public async Task CancelWorkflow_OnAFinishedInstance_ChangesNothing()
    {
        var (workflow, _) = await WorkflowHarness.RunAsync(Golden.Load("fault.json"));

        workflow.CancelWorkflow();

        workflow.AssertFaulted();
    }

    [Fact]
    public async Task Journal_RecordsStartedSuspendedResumedCompleted_ForABookmarkedActivity()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("event-payload.json"));

        await harness.Runtime.PublishEventAsync("approve", payload: "ok");

        Assert.Equal([JournalEvents.Started, JournalEvents.Suspended, JournalEvents.Resumed, JournalEvents.Completed], workflow.JournalOf("wait"));
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], workflow.JournalOf("start"));
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], workflow.JournalOf("show"));
    }

    [Fact]
    public async Task Journal_SequenceIsMonotonicAcrossBursts()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("loop-event-driven.json"));
        await harness.Runtime.PublishEventAsync("tick", payload: false);
        await harness.Runtime.PublishEventAsync("tick", payload: true);

        var sequences = workflow.Journal.Select(j => j.Sequence).ToList();

        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(sequences[^1], workflow.State.ExecutionLogSequence);
    }

    [Fact]
    public async Task Journal_RecordsCarryInstanceDefinitionAndActivityIdentity()
    {
        var (workflow, _) = await WorkflowHarness.RunAsync(Golden.Load("event-payload.json"));

        var record = workflow.Journal.First(j => j.ActivityId == "wait");

        Assert.Equal(workflow.Id, record.WorkflowInstanceId);
        Assert.Equal("event-payload", record.WorkflowDefinitionId);
        Assert.Equal("event-payload-v1", record.WorkflowDefinitionVersionId);
        Assert.Equal("Elsa.Event", record.ActivityType);
        Assert.Equal("wait", record.ActivityName);
        Assert.Equal("Workflow1:fc1:wait", record.ActivityNodeId);
        Assert.Equal(workflow.SingleBookmark(Event.BookmarkName).ActivityInstanceId, record.ActivityInstanceId);
        Assert.NotNull(record.ParentActivityInstanceId);
        Assert.Equal(TestClock.DefaultStart, record.Timestamp);
    }

    [Fact]
    public async Task Journal_StartsWithTheWorkflowAndItsRoot()
    {
        var (workflow, _) = await WorkflowHarness.RunAsync(Golden.Load("start-elsa-start.json"));

        Assert.Equal(("Elsa.Workflow", JournalEvents.Started), (workflow.Journal[0].ActivityType, workflow.Journal[0].EventName));
        Assert.Equal(("Elsa.Flowchart", JournalEvents.Started), (workflow.Journal[1].ActivityType, workflow.Journal[1].EventName));
        Assert.Equal(("Elsa.Workflow", JournalEvents.Completed), (workflow.Journal[^1].ActivityType, workflow.Journal[^1].EventName));
    }

    [Fact]
    public async Task Journal_CanBeTurnedOff_WhileTheSequenceStillCounts()
    {
        var harness = new WorkflowHarness(new WorkflowRunnerOptions { Journal = false });

        var workflow = await harness.StartAsync(Golden.Load("start-elsa-start.json"));

        Assert.Empty(workflow.Journal);
        Assert.True(workflow.State.ExecutionLogSequence > 0);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Instances_KeepSeparateVariables()
    {
        var harness = new WorkflowHarness();
        var first = await harness.StartAsync(Golden.Load("event-payload.json"));
        var second = await harness.StartAsync(Golden.Load("event-payload.json"));

        await harness.Runtime.ResumeAsync(first.Id, first.SingleBookmark(Event.BookmarkName).Id, "one");
        await harness.Runtime.ResumeAsync(second.Id, second.SingleBookmark(Event.BookmarkName).Id, "two");

        Assert.Equal("one", first.Variable("Decision"));
        Assert.Equal("two", second.Variable("Decision"));
        Assert.Equal([first.Id, second.Id], harness.Runtime.Instances.Select(i => i.Id));
    }

    [Fact]
    public async Task Instance_IsRunningExecuting_WhileABurstRunsIt_BeforeAndAfterAResume()
    {
        var definition = new WorkflowBuilder("probe")
            .Flowchart(f => f
                .Start().Add("before", StatusProbe.TypeName).Event("wait", "go").Add("after", StatusProbe.TypeName)
                .Chain("start", "before", "wait", "after"))
            .Build();
        var harness = new WorkflowHarness(registry => registry.Register<StatusProbe>());

        var workflow = await harness.StartAsync(definition);
        workflow.AssertSuspended();
        await harness.Runtime.PublishEventAsync("go");

        Assert.Equal(["Running/Executing", "Running/Executing"], harness.Lines);
        workflow.AssertFinished();
    }
}
