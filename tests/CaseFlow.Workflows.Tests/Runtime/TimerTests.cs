using System.Globalization;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class TimerTests
{
    private static string Iso(DateTimeOffset value) => value.ToString("o", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Delay_CreatesABookmarkDueAfterItsTimeSpan()
    {
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(Golden.Load("timers-delay.json"));

        workflow.AssertSuspended();
        var slow = Assert.Single(workflow.State.Bookmarks, b => b.ActivityId == "slowDelay");
        var fast = Assert.Single(workflow.State.Bookmarks, b => b.ActivityId == "fastDelay");
        Assert.Equal(("Elsa.Delay", "Elsa.Delay"), (slow.Name, fast.Name));
        Assert.Equal(TestClock.DefaultStart.AddSeconds(10), slow.DueAt);
        Assert.Equal(TestClock.DefaultStart.AddSeconds(5), fast.DueAt);
        Assert.Equal(Iso(TestClock.DefaultStart.AddSeconds(10)), slow.Payload["resumeAt"]);
    }

    [Fact]
    public async Task FireAllTimers_FiresInDueOrder_NotInCreationOrder()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Golden.Load("timers-delay.json"));

        var fired = await harness.Runtime.FireAllTimersAsync();

        Assert.Equal(2, fired);
        Assert.Equal(["fast", "slow"], harness.Lines);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task FireAllTimers_FiresAcrossInstancesInDueOrder()
    {
        var harness = new WorkflowHarness();
        var late = await harness.StartAsync(Single("late", "Elsa.Delay", ("timeSpan", Expr.Literal("00:10:00", "TimeSpan"))));
        var early = await harness.StartAsync(Single("early", "Elsa.Delay", ("timeSpan", Expr.Literal("00:01:00", "TimeSpan"))));

        await harness.Runtime.FireAllTimersAsync();

        Assert.Equal(["early", "late"], harness.Lines);
        late.AssertFinished();
        early.AssertFinished();
    }

    [Fact]
    public async Task Timer_InsideAFlow_WaitsOneInterval()
    {
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(Single("timer", "Elsa.Timer", ("interval", Expr.Literal("00:02:00", "TimeSpan"))));

        var bookmark = workflow.SingleBookmark("Elsa.Timer");
        Assert.Equal(TestClock.DefaultStart.AddMinutes(2), bookmark.DueAt);
        Assert.Equal("00:02:00", bookmark.Payload["interval"]);
        await harness.Runtime.FireAllTimersAsync();
        Assert.Equal(["timer"], harness.Lines);
    }

    [Fact]
    public async Task StartAt_InTheFuture_WaitsUntilThen()
    {
        var due = TestClock.DefaultStart.AddDays(1);
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(Single("startAt", "Elsa.StartAt", ("dateTime", Expr.Literal(Iso(due), "DateTimeOffset"))));

        var bookmark = workflow.SingleBookmark("Elsa.StartAt");
        Assert.Equal(due, bookmark.DueAt);
        Assert.Equal(Iso(due), bookmark.Payload["executeAt"]);
        Assert.Empty(harness.Lines);
    }

    [Fact]
    public async Task StartAt_InThePast_CompletesAtOnce()
    {
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(Single("startAt", "Elsa.StartAt", ("dateTime", Expr.Literal("2020-01-01T00:00:00+00:00", "DateTimeOffset"))));

        Assert.Equal(["startAt"], harness.Lines);
        Assert.Empty(workflow.State.Bookmarks);
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Cron_CreatesABookmarkWithTheNextOccurrence()
    {
        var harness = new WorkflowHarness();

        var workflow = await harness.StartAsync(Single("cron", "Elsa.Cron", ("cronExpression", Expr.Literal("0 30 5 * * ?"))));

        var bookmark = workflow.SingleBookmark("Elsa.Cron");
        var next = new DateTimeOffset(2026, 3, 2, 5, 30, 0, TimeSpan.Zero);
        Assert.Equal(next, bookmark.DueAt);
        Assert.Equal(Iso(next), bookmark.Payload["executeAt"]);
        Assert.Equal("0 30 5 * * ?", bookmark.Payload["cronExpression"]);
    }

    [Fact]
    public async Task FireAllTimers_LeavesCronAlone_UnlessAskedTo()
    {
        var harness = new WorkflowHarness();
        var workflow = await harness.StartAsync(Single("cron", "Elsa.Cron", ("cronExpression", Expr.Literal("0 30 5 * * ?"))));

        Assert.Equal(0, await harness.Runtime.FireAllTimersAsync());
        workflow.AssertSuspended();
        Assert.Equal(1, await harness.Runtime.FireAllTimersAsync(includeCron: true));
        workflow.AssertFinished();
    }

    [Fact]
    public async Task Cron_WithAnInvalidExpression_Faults()
    {
        var (workflow, _) = await WorkflowHarness.RunAsync(Single("cron", "Elsa.Cron", ("cronExpression", Expr.Literal("not a cron"))));

        workflow.AssertFaulted();
        Assert.Contains("not a cron", Assert.Single(workflow.State.Incidents).Message, StringComparison.Ordinal);
    }

    // Start -> the activity -> WriteLine(its id).
    private static WorkflowDefinition Single(string id, string type, params (string Name, JsonNode? Value)[] properties) =>
        new WorkflowBuilder("timer-" + id)
            .Flowchart(f => f.Start().Add(id, type, properties).WriteLine("line", id).Chain("start", id, "line"))
            .Build();
}
