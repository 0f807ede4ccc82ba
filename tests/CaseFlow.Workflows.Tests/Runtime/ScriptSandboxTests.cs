using System.Diagnostics;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

/// <summary>A runaway script faults its activity with a clear incident; the engine and later runs are unaffected.</summary>
[Collection(CaseFlow.Workflows.Tests.Expressions.SandboxCollection.Name)]
public class ScriptSandboxTests
{
    private static CaseFlow.Workflows.Definitions.WorkflowDefinition WithScript(string script) =>
        new WorkflowBuilder("sandbox")
            .Flowchart(f => f
                .Start()
                .WriteLine("before", "before")
                .WriteLine("script", Expr.JavaScript(script, "String"))
                .WriteLine("after", "after")
                .Chain("start", "before", "script", "after"))
            .Build();

    [Theory]
    [InlineData("while (true) {}", "time limit")]
    [InlineData("function f(n) { return f(n + 1) + 1; } f(0)", "recursion limit")]
    [InlineData("var a = []; while (true) { a.push(new Array(100000).fill('x')); }", "memory limit")]
    [InlineData("'x'.repeat(2e9)", "memory limit")]
    [InlineData("new Array(501).join('x'.repeat(1e6))", "JavaScript exceeded the memory limit of 64 MB")]
    [InlineData("Number = function () { return 1; }; 'x'.repeat(3e8)", "JavaScript exceeded the memory limit of 64 MB")]
    [InlineData("'x'.repeat(1e4).replaceAll('x', 'y'.repeat(25000))", "JavaScript exceeded the memory limit of 64 MB")]
    [InlineData("new ArrayBuffer('2e9')", "JavaScript exceeded the memory limit of 64 MB")]
    public async Task Activity_FaultsWithClearMessageWithinSeconds_WhenScriptBreaksASandboxLimit(string script, string limit)
    {
        var harness = new WorkflowHarness();
        var stopwatch = Stopwatch.StartNew();

        var workflow = await harness.StartAsync(WithScript(script));

        stopwatch.Stop();
        Assert.Equal(WorkflowSubStatus.Faulted, workflow.State.SubStatus);
        var incident = Assert.Single(workflow.State.Incidents);
        Assert.Equal("script", incident.ActivityId);
        Assert.Contains(limit, incident.Message, StringComparison.Ordinal);
        Assert.Equal(["before"], harness.Lines);
        // About a second by configuration; the bound is loose so a busy CI machine does not flake.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Engine_RunsTheNextWorkflowNormally_AfterAScriptBrokeALimit()
    {
        var harness = new WorkflowHarness();
        await harness.StartAsync(WithScript("while (true) {}"));

        var next = await harness.StartAsync(WithScript("'ok ' + (1 + 1)"));

        Assert.Equal(WorkflowSubStatus.Finished, next.State.SubStatus);
        Assert.Equal(["before", "before", "ok 2", "after"], harness.Lines);
    }

    [Fact]
    public async Task NextWorkflow_SeesPristineBuiltIns_AfterAnotherDefinitionChangedThem()
    {
        var harness = new WorkflowHarness();
        await harness.StartAsync(WithScript(
            "Array.prototype.join = function () { return 'hooked'; }; String.prototype.toUpperCase = () => 'hooked'; 'changed'"));

        var next = await harness.StartAsync(new WorkflowBuilder("victim")
            .Flowchart(f => f
                .Start()
                .WriteLine("script", Expr.JavaScript("['a', 'b'].join('-').toUpperCase()", "String"))
                .Chain("start", "script"))
            .Build());

        Assert.Equal(WorkflowSubStatus.Finished, next.State.SubStatus);
        Assert.Equal(["before", "changed", "after", "A-B"], harness.Lines);
    }
}
