using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows.Activities.Scheduling;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;
using CaseFlow.Workflows.Serialization;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime.Snapshots;

/// <summary>
/// An instance saved as JSON after every burst and restored by a fresh engine (new registry, compiler, definition
/// objects) behaves exactly like one that stayed in memory: same lines, status, variables and output.
/// </summary>
public class SnapshotTests
{
    // Child instances (ExecuteWorkflow) need a host that keeps several instances; they are covered by the durable runtime.
    private static readonly HashSet<string> NeedsHost = new(StringComparer.Ordinal) { "parent-execute-wait.json", "parent-execute-no-wait.json" };

    public static TheoryData<string> Goldens()
    {
        var data = new TheoryData<string>();
        foreach (var name in Golden.FileNames())
        {
            if (!NeedsHost.Contains(name) && Golden.Load(name).Root.Type is "Elsa.Flowchart" or "Elsa.Sequence")
                data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public async Task RestoredAfterEveryBurst_BehavesLikeAnInstanceKeptInMemory(string golden)
    {
        var inMemory = await DriveAsync(golden, snapshotBetweenBursts: false);
        var restored = await DriveAsync(golden, snapshotBetweenBursts: true);

        Assert.Equal(inMemory.Lines, restored.Lines);
        Assert.Equal(inMemory.SubStatus, restored.SubStatus);
        Assert.Equal(inMemory.Variables, restored.Variables);
        Assert.Equal(inMemory.Output, restored.Output);
        Assert.Equal(inMemory.Bookmarks, restored.Bookmarks);
    }

    [Fact]
    public async Task Snapshot_SurvivesAJsonRoundTripUnchanged()
    {
        var runner = WorkflowEngine.CreateRunner(Provider());
        var workflow = await runner.StartAsync(Golden.Load("join-wait-any-cancels-event.json"));
        var json = WorkflowSnapshotSerializer.Serialize(workflow.CreateSnapshot());

        var restored = await WorkflowEngine.CreateRunner(Provider()).RestoreAsync(Golden.Load("join-wait-any-cancels-event.json"), WorkflowSnapshotSerializer.Deserialize(json));

        Assert.Equal(JsonNode.Parse(json)!.ToJsonString(), JsonNode.Parse(WorkflowSnapshotSerializer.Serialize(restored.CreateSnapshot()))!.ToJsonString());
    }

    [Fact]
    public void UntypedValues_ComeBackAsPlainValues_NumbersAsIntLongOrDouble()
    {
        var snapshot = new WorkflowSnapshot { State = new WorkflowState { Id = "i", DefinitionId = "d", DefinitionVersionId = "d-v1" }, LastResult = new Dictionary<string, object?>
        {
            ["int"] = 7,
            ["long"] = 5_000_000_000L,
            ["double"] = 1.5,
            ["whole double"] = 2.0,
            ["text"] = "x",
            ["flag"] = true,
            ["none"] = null,
            ["list"] = new List<object?> { 1, "a", new Dictionary<string, object?> { ["deep"] = false } },
        } };

        var value = Assert.IsType<Dictionary<string, object?>>(WorkflowSnapshotSerializer.Deserialize(WorkflowSnapshotSerializer.Serialize(snapshot)).LastResult);

        Assert.Equal(7, Assert.IsType<int>(value["int"]));
        Assert.Equal(5_000_000_000L, Assert.IsType<long>(value["long"]));
        Assert.Equal(1.5, Assert.IsType<double>(value["double"]));
        Assert.IsType<int>(value["whole double"]);
        Assert.Equal("x", value["text"]);
        Assert.Equal(true, value["flag"]);
        Assert.Null(value["none"]);
        var list = Assert.IsType<List<object?>>(value["list"]);
        Assert.Equal(1, list[0]);
        Assert.Equal("a", list[1]);
        Assert.Equal(false, Assert.IsType<Dictionary<string, object?>>(list[2])["deep"]);
    }

    [Fact]
    public async Task Restore_KeepsTypedVariablesTyped()
    {
        var definition = new WorkflowBuilder("typed")
            .Variable("Count", "Int32", "41")
            .Variable("Due", "DateTimeOffset", "2026-01-02T03:04:05+00:00")
            .Flowchart(f => f.Start().Event("wait", "Go").SetVariable("inc", "Count", Expr.JavaScript("getCount() + 1"), "Int32").Chain("start", "wait", "inc"))
            .ToJson()
            .ToJsonString();
        var json = definition;
        var runner = WorkflowEngine.CreateRunner();
        var workflow = await runner.StartAsync(WorkflowDefinitionReader.Read(json));

        var restored = await WorkflowEngine.CreateRunner().RestoreAsync(WorkflowDefinitionReader.Read(json), WorkflowSnapshotSerializer.Deserialize(WorkflowSnapshotSerializer.Serialize(workflow.CreateSnapshot())));
        Assert.IsType<DateTimeOffset>(restored.Variable("Due"));
        await restored.Runner.ResumeAsync(restored, restored.State.Bookmarks.Single().Id);

        Assert.Equal(42, restored.Variable("Count"));
        restored.AssertFinished();
    }

    [Fact]
    public async Task Restore_ContinuesAWorkflowUsedAsActivity_ThatSuspendedInsideTheChild()
    {
        var child = new WorkflowBuilder("approval", "Approval")
            .Input("Subject", "String")
            .Output("Decision", "String")
            .Variable("Asked", "Int32", "0")
            .UsableAsActivity()
            .Flowchart(f => f
                .Start()
                .SetVariable("ask", "Asked", Expr.Literal(1, "Object"), "Int32")
                .Event("wait", "Decided", captureInto: "Answer")
                .Add("out", "Elsa.SetOutput", ("outputName", Expr.Literal("Decision")), ("outputValue", Expr.JavaScript("`${getSubject()}: ${getAnswer()} (asked ${getAsked()})`")))
                .Chain("start", "ask", "wait", "out"))
            .Variable("Answer", "String")
            .ToJson().ToJsonString();
        var parent = new WorkflowBuilder("request", "Request")
            .Variable("Result", "String")
            .Flowchart(f => f
                .Start()
                .Add("approve", "Approval", ("workflowDefinitionId", JsonValue.Create("approval")), ("subject", Expr.Literal("Refund")), ("decision", Expr.Capture("Result", "String")))
                .WriteLine("done", Expr.Variable("Result", "String"))
                .Chain("start", "approve", "done"))
            .ToJson().ToJsonString();
        InMemoryWorkflowDefinitionProvider Definitions() => new([WorkflowDefinitionReader.Read(child), WorkflowDefinitionReader.Read(parent)]);
        var workflow = await WorkflowEngine.CreateRunner(Definitions()).StartAsync(WorkflowDefinitionReader.Read(parent));
        var bookmark = workflow.State.Bookmarks.Single();
        Assert.StartsWith("Workflow1:", bookmark.ActivityNodeId, StringComparison.Ordinal);

        var console = new CollectingWorkflowConsole();
        var runner = WorkflowEngine.CreateRunner(Definitions());
        var restored = await runner.RestoreAsync(WorkflowDefinitionReader.Read(parent), WorkflowSnapshotSerializer.Deserialize(WorkflowSnapshotSerializer.Serialize(workflow.CreateSnapshot())), console);
        await runner.ResumeAsync(restored, bookmark.Id, "approved");

        restored.AssertFinished();
        Assert.Equal(["Refund: approved (asked 1)"], console.Lines);
        Assert.Equal("Refund: approved (asked 1)", restored.Variable("Result"));
    }

    [Fact]
    public async Task Restore_RefusesADifferentDefinitionVersion()
    {
        var runner = WorkflowEngine.CreateRunner();
        var workflow = await runner.StartAsync(Golden.Load("event-waiter.json"));
        var other = Golden.Load("event-waiter.json");
        other.Id = "another-version";

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await WorkflowEngine.CreateRunner().RestoreAsync(other, workflow.CreateSnapshot()));
    }

    private static InMemoryWorkflowDefinitionProvider Provider() => new(Golden.FileNames().Select(Golden.Load));

    private static async Task<Outcome> DriveAsync(string golden, bool snapshotBetweenBursts)
    {
        var console = new CollectingWorkflowConsole();
        var clock = new TestClock();
        var runner = WorkflowEngine.CreateRunner(Provider(), clock);
        var workflow = await runner.StartAsync(Golden.Load(golden), new StartWorkflowOptions { Console = console, InstanceId = "instance-1" });

        for (var step = 0; step < 50 && workflow.State.Status == WorkflowStatus.Running; step++)
        {
            var next = NextBookmark(workflow.State);
            if (next is null)
                break;
            if (snapshotBetweenBursts)
            {
                var json = WorkflowSnapshotSerializer.Serialize(workflow.CreateSnapshot());
                runner = WorkflowEngine.CreateRunner(Provider(), clock);
                workflow = await runner.RestoreAsync(Golden.Load(golden), WorkflowSnapshotSerializer.Deserialize(json), console);
            }

            if (next.DueAt is { } due && due > clock.GetUtcNow())
                clock.Advance(due - clock.GetUtcNow());
            await runner.ResumeAsync(workflow, next.Id, next.Name == "Elsa.Delay" ? null : $"input-{step}");
        }

        return new Outcome(
            console.Lines.ToList(),
            workflow.State.SubStatus,
            string.Join(";", (workflow.Root?.VisibleVariableNames() ?? []).Order(StringComparer.Ordinal).Select(n => $"{n}={Format(workflow.Variable(n))}")),
            string.Join(";", workflow.State.Output.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value)}")),
            string.Join(";", workflow.State.Bookmarks.Select(b => $"{b.Name}:{b.ActivityId}")));
    }

    private static Bookmark? NextBookmark(WorkflowState state) =>
        state.Bookmarks.FirstOrDefault(b => !TimerBookmarks.Names.Contains(b.Name))
        ?? state.Bookmarks.Where(b => TimerBookmarks.Names.Contains(b.Name)).OrderBy(b => b.DueAt).FirstOrDefault();

    private static string Format(object? value) => System.Text.Json.JsonSerializer.Serialize(value);

    private sealed record Outcome(List<string> Lines, WorkflowSubStatus SubStatus, string Variables, string Output, string Bookmarks);

    [Theory]
    [InlineData("{\"a\":1,\"b\":[1,2147483648,1.5,\"x\",null,true,false],\"c\":{\"d\":{},\"e\":\"投诉 \\u00e9\"}}")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("-12")]
    [InlineData("null")]
    [InlineData(" { \"spaced\" : [ 1 , 2 ] } ")]
    public void PlainValues_ReadStraightFromAReader_EqualThoseFromAParsedDocument(string json)
    {
        using var document = JsonDocument.Parse(json);

        // xunit compares dictionaries and lists element by element with Equals: an int where a long was expected fails.
        Assert.Equal(ValueConverter.FromElement(document.RootElement), WorkflowSnapshotSerializer.ReadPlainValue(json));
    }

    [Theory]
    [InlineData("1 2")]
    [InlineData("{\"a\":1")]
    [InlineData("")]
    public void PlainValues_FromInvalidJson_AreRefused(string json) =>
        Assert.ThrowsAny<JsonException>(() => WorkflowSnapshotSerializer.ReadPlainValue(json));
}
