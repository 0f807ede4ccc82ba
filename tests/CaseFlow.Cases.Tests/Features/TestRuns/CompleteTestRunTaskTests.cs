using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Cases.Tests.Features.TestRuns;

public sealed class CompleteTestRunTaskTests : TestRunTests
{
    internal override Task<TestRunKit> CreateKitAsync() => TestRunKit.CreateAsync(services: s =>
        s.Replace(ServiceDescriptor.Singleton(_ => CaseFlow.Cases.DependencyInjection.CreateActivityRegistry().Register<Gate>())));

    [Fact]
    public async Task Complete_MovesTheRunOnAlongTheChosenOutcome_AndTheFormsValuesBecomeVariables()
    {
        var run = await Kit.StartAsync();
        var classify = TestRunKit.Task(run, "classify");

        run = await Kit.CompleteAsync(run, classify.TaskId!, "classified", new() { ["category"] = "price", ["ignored"] = "not in the form" });

        Assert.Equal(["Classified"], Assert.Single(run.Steps, s => s.ActivityId == "classify" && s.Event == "Completed").Outcomes);
        Assert.DoesNotContain(run.Waits, w => w.TaskId == classify.TaskId);
        Assert.StartsWith("Initial handling of CF-TEST-", TestRunKit.Task(run, "initialHandling").Title, StringComparison.Ordinal);
        Assert.Equal("price", run.Variables["category"]);
        Assert.False(run.Variables.ContainsKey("ignored"));
        Assert.Equal(new TestRunAction("complete", classify.TaskId) { At = run.LastAction.At }, run.LastAction);
    }

    [Fact]
    public async Task Complete_IsRefused_NamingTheField_ForAnOutcomeTheTaskDoesNotHave_OrAMissingRequiredField()
    {
        var run = await Kit.StartAsync();
        var taskId = TestRunKit.Task(run, "classify").TaskId!;

        var outcome = await Assert.ThrowsAsync<ValidationException>(() => Kit.CompleteAsync(run, taskId, "Done", new() { ["category"] = "price" }));
        var field = await Assert.ThrowsAsync<ValidationException>(() => Kit.CompleteAsync(run, taskId, "Classified"));
        var option = await Assert.ThrowsAsync<ValidationException>(() => Kit.CompleteAsync(run, taskId, "Classified", new() { ["category"] = "weather" }));

        Assert.Equal(["'Done' is not an outcome of this task: one of Classified, OutOfScope."], outcome.Errors["outcome"]);
        Assert.Equal(["Category is required."], field.Errors["data.category"]);
        Assert.Equal(["Category must be one of product-quality, service-attitude, service-process, price, other."], option.Errors["data.category"]);
        Assert.Equal(WorkflowSubStatus.Suspended, (await Kit.GetAsync(run.Id)).SubStatus);
        Assert.Equal(taskId, TestRunKit.Task(await Kit.GetAsync(run.Id), "classify").TaskId);
    }

    [Fact]
    public async Task Complete_OfATaskTheRunDoesNotWaitFor_IsNotFound()
    {
        var run = await Kit.StartAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => Kit.CompleteAsync(run, "no-such-task", "Classified"));
    }

    [Fact]
    public async Task TwoCompletionsOfOneTaskAtOnce_RunOneAfterTheOther_SoOneWins_AndTheOtherFindsTheTaskGone()
    {
        // The first completion stops inside its burst, at Gate, holding the run; the second must queue behind it.
        var run = await Kit.StartAsync("gated", Gated());
        var taskId = TestRunKit.Task(run, "approve").TaskId!;
        using var gate = Gate.Arm();

        var first = Kit.CompleteAsync(run, taskId, "Done");
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var second = Kit.CompleteAsync(run, taskId, "Done");
        var testRun = Kit.Runs.Find(run.Id, TestRunKit.Owner);
        await Until(() => testRun.Waiting == 1 || second.IsCompleted);
        Assert.False(second.IsCompleted, "the second completion ran while the first was still inside the run");

        gate.Open();
        var won = await first;
        await Assert.ThrowsAsync<NotFoundException>(() => second);
        Assert.Equal(WorkflowSubStatus.Finished, won.SubStatus);
        Assert.Single(won.Steps, s => s.ActivityId == "approve" && s.Event == "Completed");
    }

    // Polls without sleeping: yields until the condition holds (a deadline guards a broken build).
    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Yield();
        }
    }

    private static Workflows.Definitions.WorkflowDefinition Gated() => Workflows.Serialization.WorkflowDefinitionReader.Read("""
        {
          "definitionId": "gated", "name": "Gated",
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "approve", "type": "CaseFlow.HumanTask", "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Approve" } } },
              { "id": "gate", "type": "Tests.Gate" }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "approve", "port": "In" } },
              { "source": { "activity": "approve", "port": "Done" }, "target": { "activity": "gate", "port": "In" } }
            ]
          }
        }
        """);

    /// <summary>A test activity that, while armed, signals when it runs and waits until the test opens it.</summary>
    [Activity("Tests.Gate", Category = "Tests", IsBrowsable = false)]
    public sealed class Gate : Activity
    {
        private static Armed? _armed;

        public static Armed Arm() => _armed = new Armed();

        public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (_armed is { } armed)
            {
                armed.Signal();
                await armed.Opened;
            }

            context.Complete();
        }

        public sealed class Armed : IDisposable
        {
            private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task Entered => _entered.Task;
            public Task Opened => _opened.Task;

            public void Signal() => _entered.TrySetResult();

            public void Open() => _opened.TrySetResult();

            public void Dispose()
            {
                Open();
                _armed = null;
            }
        }
    }
}
