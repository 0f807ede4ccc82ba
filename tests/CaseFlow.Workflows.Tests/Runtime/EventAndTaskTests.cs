using System.Globalization;
using CaseFlow.Workflows.Activities.Events;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class EventAndTaskTests
{
    [Fact]
    public async Task Event_CreatesABookmarkWithTheEventNamePayload_AndSuspends()
    {
        var (workflow, lines) = await WorkflowHarness.RunAsync(Golden.Load("event-payload.json"));

        Assert.Empty(lines);
        workflow.AssertSuspended();
        var bookmark = workflow.SingleBookmark(Event.BookmarkName);
        Assert.Equal("wait", bookmark.ActivityId);
        Assert.Equal("Workflow1:fc1:wait", bookmark.ActivityNodeId);
        Assert.Equal("approve", Assert.Single(bookmark.Payload).Value);
        Assert.Equal("eventName", bookmark.Payload.Keys.Single());
        Assert.Matches("^[0-9A-F]{64}$", bookmark.Hash);
    }

    [Fact]
    public async Task Event_BookmarkHash_LeavesOutTheActivityInstance_SoEveryInstanceSharesIt()
    {
        var harness = new WorkflowHarness();
        var first = await harness.StartAsync(Golden.Load("event-payload.json"));
        var second = await harness.StartAsync(Golden.Load("event-payload.json"));

        var a = first.SingleBookmark(Event.BookmarkName);
        var b = second.SingleBookmark(Event.BookmarkName);

        Assert.NotEqual(a.ActivityInstanceId, b.ActivityInstanceId);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(Bookmark.ComputeHash(Event.BookmarkName, new Dictionary<string, object?> { ["eventName"] = "approve" }, null), a.Hash);
    }

    [Fact]
    public async Task PublishingTheEvent_ResumesWithThePayloadAsTheEventResult()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("event-payload.json"));

        var resumed = await harness.Runtime.PublishEventAsync("approve", payload: "yes");

        Assert.Equal(1, resumed);
        Assert.Equal(["yes"], harness.Lines);
        Assert.Equal("yes", workflow.Variable("Decision"));
        Assert.Empty(workflow.State.Bookmarks);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task PublishingAnotherEvent_ResumesNothing()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("event-payload.json"));

        var resumed = await harness.Runtime.PublishEventAsync("reject");

        Assert.Equal(0, resumed);
        workflow.AssertSuspended();
    }

    [Fact]
    public async Task PublishingWithACorrelationId_ResumesOnlyTheMatchingInstance()
    {
        var harness = new WorkflowHarness();
        var first = await harness.StartAsync(Golden.Load("event-waiter.json"), correlationId: "c-1");
        var second = await harness.StartAsync(Golden.Load("event-waiter.json"), correlationId: "c-2");

        var resumed = await harness.Runtime.PublishEventAsync("ping", correlationId: "c-2");

        Assert.Equal(1, resumed);
        first.AssertSuspended();
        second.AssertFinished();
    }

    [Fact]
    public async Task PublishEvent_Local_ResumesOnlyItsOwnInstance_InTheSameBurst()
    {
        var harness = new WorkflowHarness();
        var waiter = await harness.StartAsync(Golden.Load("event-waiter.json"));

        var publisher = await harness.StartAsync(Golden.Load("publish-event.json"), new Dictionary<string, object?> { ["Local"] = true });

        Assert.Equal(["published", "got ping"], harness.Lines);
        publisher.AssertFinished();
        waiter.AssertSuspended();
    }

    [Fact]
    public async Task PublishEvent_NonLocal_ResumesEveryWaitingInstance_AfterTheBurst()
    {
        var harness = new WorkflowHarness();
        var waiter = await harness.StartAsync(Golden.Load("event-waiter.json"));

        var publisher = await harness.StartAsync(Golden.Load("publish-event.json"), new Dictionary<string, object?> { ["Local"] = false });

        Assert.Equal(["published", "waiter got ping", "got ping"], harness.Lines);
        publisher.AssertFinished();
        waiter.AssertFinished();
    }

    [Fact]
    public async Task RunTask_CreatesABookmarkAndAnOpenTask_AndSuspends()
    {
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(Golden.Load("run-task.json"));

        workflow.AssertSuspended();
        var task = Assert.Single(harness.Runtime.OpenTasks);
        Assert.Equal("Approve", task.TaskName);
        Assert.Equal(workflow.Id, task.WorkflowInstanceId);
        Assert.Equal(5, Convert.ToInt32(Assert.IsType<Dictionary<string, object?>>(task.Payload)["amount"], CultureInfo.InvariantCulture));
        var bookmark = workflow.SingleBookmark(RunTask.BookmarkName);
        Assert.Equal(task.TaskId, bookmark.Payload["taskId"]);
        Assert.Equal("Approve", bookmark.Payload["taskName"]);
        Assert.Equal(Bookmark.ComputeHash(RunTask.BookmarkName, new Dictionary<string, object?> { ["taskId"] = task.TaskId }, null), bookmark.Hash);
    }

    [Fact]
    public async Task CompleteTask_ResumesTheWorkflowWithTheResult()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("run-task.json"));
        var task = Assert.Single(harness.Runtime.OpenTasks);

        var completed = await harness.Runtime.CompleteTaskAsync(task.TaskId, "approved");

        Assert.True(completed);
        Assert.Equal(["approved"], harness.Lines);
        Assert.Equal("approved", workflow.Variable("Answer"));
        Assert.Empty(harness.Runtime.OpenTasks);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task CompleteTask_WithAnUnknownTaskId_ReturnsFalse()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("run-task.json"));

        Assert.False(await harness.Runtime.CompleteTaskAsync("no-such-task", "x"));
        workflow.AssertSuspended();
        Assert.Single(harness.Runtime.OpenTasks);
    }

    [Fact]
    public async Task ResumeAsync_ByBookmarkId_ResumesThatBookmark()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("event-payload.json"));
        var bookmark = workflow.SingleBookmark(Event.BookmarkName);

        await harness.Runtime.ResumeAsync(workflow.Id, bookmark.Id, "direct");

        Assert.Equal(["direct"], harness.Lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task PublishingAnEvent_SkipsABookmarkThatAnEarlierResumeOfTheSameEventRemoved()
    {
        // Both branches wait for "go"; resuming the first reaches a WaitAny join, which cancels the second branch
        // (and removes its bookmark) while the instance keeps running at the next Event.
        var definition = new WorkflowBuilder("same-event-twice")
            .Flowchart(f => f
                .Start().Fork("fork", "A", "B").Event("first", "go").Event("second", "go")
                .Join("join", "WaitAny").WriteLine("joined", "joined").Event("later", "later")
                .Chain("start", "fork").Connect("fork", "first", "A").Connect("fork", "second", "B")
                .Chain("first", "join").Chain("second", "join").Chain("join", "joined", "later"))
            .Build();
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(definition);
        Assert.Equal(2, workflow.State.Bookmarks.Count);

        var resumed = await harness.Runtime.PublishEventAsync("go");

        Assert.Equal(1, resumed);
        Assert.Equal(["joined"], harness.Lines);
        Assert.Equal("later", workflow.SingleBookmark(Event.BookmarkName).ActivityId);
        Assert.Contains(JournalEvents.Canceled, workflow.JournalOf("second"));
        workflow.AssertSuspended();
    }
}
