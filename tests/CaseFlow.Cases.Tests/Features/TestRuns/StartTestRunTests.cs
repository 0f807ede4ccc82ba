using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

public sealed class StartTestRunTests : TestRunTests
{
    [Fact]
    public async Task Start_RunsComplaintHandlingToItsFirstHumanTask_WithTheTasksOutcomesAndForm()
    {
        var run = await Kit.StartAsync();

        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (run.Status, run.SubStatus));
        Assert.Equal("complaint-handling", run.DefinitionId);
        Assert.Equal(1, run.DefinitionVersion);
        var classify = TestRunKit.Task(run, "classify");
        Assert.Equal(["Classified", "OutOfScope"], classify.Outcomes);
        var category = Assert.Single(classify.Form!, f => f.Name == "category");
        Assert.True(category.Required);
        Assert.Equal("select", category.Type);
        Assert.Equal(["product-quality", "service-attitude", "service-process", "price", "other"], category.Options);
        Assert.StartsWith("Classify complaint CF-TEST-", classify.Title, StringComparison.Ordinal);
        Assert.Equal("Agent", classify.CandidateRole);
        Assert.Equal("Normal", classify.Priority);

        // The two SLA clocks wait as timers; the run looks like a new case's (correlation id and input).
        Assert.Equal(2, run.Waits.Count(w => w.Kind == TestRunWaitKinds.Timer && w.Name == SlaTimer.BookmarkName && w.DueAt is not null));
        Assert.Equal("test-run-" + run.Id, run.CorrelationId);
        Assert.Equal(run.CorrelationId, run.Input["caseId"]);
        Assert.Equal("Phone", run.Input["channel"]);
        Assert.Equal(new TestRunAction("start", "complaint-handling") { At = run.LastAction.At }, run.LastAction);
    }

    [Fact]
    public async Task Start_RecordsThePathTaken_WithThePortsEachActivityContinuedOn_InOneOrder()
    {
        var run = await Kit.StartAsync();

        Assert.Equal(Enumerable.Range(1, run.Steps.Count + run.Effects.Count), run.Steps.Select(s => s.Sequence).Concat(run.Effects.Select(e => e.Sequence)).Order());
        Assert.Equal(["Done"], Assert.Single(run.Steps, s => s.ActivityId == "start" && s.Event == "Completed").Outcomes);
        Assert.Equal(["Work", "FirstResponseSla", "ResolutionSla"], Assert.Single(run.Steps, s => s.ActivityId == "fork" && s.Event == "Completed").Outcomes);
        Assert.Contains(run.Steps, s => s.ActivityId == "classify" && s.Event == "Suspended");
        Assert.All(run.Steps, s => Assert.Equal(0, s.Depth));
        Assert.All(run.Steps.Where(s => s.Event != "Completed"), s => Assert.Empty(s.Outcomes));
    }

    [Fact]
    public async Task Start_RecordsWhatWouldHaveReachedPeople_AsEffectsNamingTheirActivity()
    {
        var run = await Kit.StartAsync();

        var acknowledge = Assert.Single(run.Effects, e => e.Kind == CaseOutboxKinds.Notify);
        Assert.Equal("acknowledge", acknowledge.ActivityId);
        Assert.Equal("Customer", acknowledge.Payload["recipientKind"]);
        Assert.Contains("Test Customer", (string)acknowledge.Payload["body"]!, StringComparison.Ordinal);
        Assert.Equal(["slaFirstResponse", "slaResolution"], run.Effects.Where(e => e.Kind == CaseOutboxKinds.SlaStarted).Select(e => e.ActivityId).Order());
        var task = Assert.Single(run.Effects, e => e.Kind == CaseOutboxKinds.TaskCreated);
        Assert.Equal(("classify", TestRunKit.Task(run, "classify").TaskId), (task.ActivityId, task.Payload["taskId"]));
        Assert.All(run.Effects, e => Assert.Equal(run.Steps[0].InstanceId, e.InstanceId));
    }

    [Fact]
    public async Task Start_WithTheCallersDefinition_RunsItUnsaved_AndTheInputOverridesTheSampleByName()
    {
        var draft = WorkflowDefinitionReader.Read(TestDefinitions.WaitForEventJson(definitionId: "not-saved-yet")
            .Replace("\"Literal\", \"value\": \"before\"", "\"Liquid\", \"value\": \"{{ Input.greeting }}\"", StringComparison.Ordinal));

        var run = await Kit.StartAsync("not-saved-yet", draft, new Dictionary<string, object?> { ["greeting"] = "hello", ["Channel"] = "email" });

        Assert.Null(run.DefinitionVersion);
        Assert.Equal(["hello"], run.Console);
        Assert.Equal("email", run.Input["channel"]);
        Assert.Equal("Approved", Assert.Single(run.Waits).EventName);
        Assert.Null(await Kit.Db.Definitions.FindAsync("not-saved-yet", VersionSelector.Latest));
    }

    [Fact]
    public async Task Start_OfAnUnknownDefinition_WithoutOneSent_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Kit.StartAsync("no-such-definition"));
    }

    [Fact]
    public async Task Start_OfADefinitionWithErrors_IsRefused_NamingEachErrorByItsJsonPath()
    {
        var broken = WorkflowDefinitionReader.Read(TestDefinitions.WaitForEventJson().Replace("\"Literal\", \"value\": \"before\"", "\"JavaScript\", \"value\": \"1 +\"", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Kit.StartAsync("approval", broken));

        Assert.Contains("JavaScript", Assert.Single(refused.Errors["root.activities[1].text"]), StringComparison.Ordinal);
        Assert.Equal(0, Kit.Runs.Count);
    }

    [Fact]
    public async Task Start_WithAnInputBiggerThanAWorkflowMayStore_IsRefused_NamingTheInput()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Kit.StartAsync(input: new() { ["huge"] = new string('x', 2_000_000) }));

        Assert.Contains("input.huge", refused.Errors.Keys);
    }
}
