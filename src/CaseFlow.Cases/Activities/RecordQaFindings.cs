using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Records a quality check's findings (Q3): one per line, the agent's user name, a colon, the finding (e.g.
/// <c>agent: did not confirm the customer's phone number</c>). After the burst commits each finding is stored once
/// and starts the agent's rectification (<c>workflows/qa-rectification.json</c>); an agent with repeated findings
/// also gets their supervisor's decision (interview, training or reassignment). Lines without a colon are findings
/// about no one in particular, for the supervisors.
/// </summary>
[Activity("CaseFlow.RecordQaFindings", Category = "Quality", DisplayName = "Record QA Findings", Description = "Records a quality check's findings (one per line: agent: finding); each starts the agent's rectification, repeated findings a supervisor's decision.")]
public sealed class RecordQaFindings : CodeActivity
{
    [Input(Description = "The findings, one per line: the agent's user name, a colon, the finding.", UIHint = UIHints.MultiLine, DefaultSyntax = "JavaScript", Order = 0)]
    public Input<string> Findings { get; } = new();

    [Output(Description = "How many findings were recorded.")]
    public Output<int> Count { get; } = new();

    protected override void Execute(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lines = (context.Get(Findings) ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var findings = new List<Dictionary<string, object?>>();
        for (var i = 0; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            var agent = colon > 0 ? lines[i][..colon].Trim() : "";
            var finding = colon > 0 ? lines[i][(colon + 1)..].Trim() : lines[i];
            if (finding.Length == 0)
                continue;
            findings.Add(new Dictionary<string, object?> { ["key"] = $"{context.Id}:{i}", ["agent"] = agent, ["finding"] = finding.Length > 2000 ? finding[..2000] : finding });
        }

        foreach (var finding in findings)
            context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.QaFinding, finding));
        context.SetOutput(Count, findings.Count);
    }
}
