using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Tests.Support;

namespace CaseFlow.Workflows.Tests.Runtime;

public class RunJavaScriptTests
{
    [Fact]
    public async Task RunJavaScript_ContinuesOnTheOutcomeTheScriptChose()
    {
        var definition = new WorkflowBuilder("run-js")
            .Variable("Score", "Int32", "80")
            .Flowchart(f => f
                .Start()
                .Add("script", "Elsa.RunJavaScript",
                    ("script", Expr.Literal("setOutcome(getScore() >= 50 ? 'Pass' : 'Fail'); return getScore() * 2;")),
                    ("possibleOutcomes", Expr.Object("[\"Pass\",\"Fail\"]", "String[]")),
                    ("result", Expr.Capture("Doubled")))
                .WriteLine("pass", Expr.JavaScript("`pass ${getDoubled()}`", "String"))
                .WriteLine("fail", "fail")
                .Connect("start", "script")
                .Connect("script", "pass", "Pass")
                .Connect("script", "fail", "Fail"))
            .Variable("Doubled", "Int32", "0")
            .Build();

        var (workflow, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(WorkflowSubStatus.Finished, workflow.State.SubStatus);
        Assert.Equal(["pass 160"], lines);
    }

    [Fact]
    public async Task RunJavaScript_CompletesWithDone_WhenTheScriptChoosesNoOutcome()
    {
        var definition = new WorkflowBuilder("run-js-done")
            .Flowchart(f => f
                .Start()
                .Add("script", "Elsa.RunJavaScript", ("script", Expr.Literal("1 + 1")))
                .WriteLine("next", "next")
                .Chain("start", "script", "next"))
            .Build();

        var (_, lines) = await WorkflowHarness.RunAsync(definition);

        Assert.Equal(["next"], lines);
    }
}
