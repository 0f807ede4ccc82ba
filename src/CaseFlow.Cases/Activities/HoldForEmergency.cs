using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Holds back what would reach the customer next (the follow-up and the satisfaction survey) while an emergency the
/// case is linked to is active: asking a customer how satisfied they are in the middle of an incident that hit them
/// measures the incident, not the handling. Continues on <c>Clear</c> when the case is linked to no emergency, on
/// <c>Recovered</c> once every emergency it is linked to has been declared over or closed (at once when that
/// happened before the case got here): the recovery follow-up then goes first ([000 §7.3], customer care).
/// </summary>
/// <remarks>
/// The wait is a bookmark whose stimulus is the case id; the end of an emergency resumes the waits of its linked
/// cases (<see cref="Features.Emergencies.HeldCases"/>). A case linked to two emergencies waits for both: resumed
/// while one is still active, it waits again. A drill's emergency never holds a real case.
/// </remarks>
[Activity("CaseFlow.HoldForEmergency", Category = "Case", DisplayName = "Hold For Emergency", Description = "Holds the customer's follow-up and survey while an emergency the case is linked to is active; continues on Recovered when it is over, or at once on Clear.")]
[Outcomes(Clear, Recovered)]
public sealed class HoldForEmergency : Activity
{
    public const string BookmarkName = "CaseFlow.HoldForEmergency";
    public const string Clear = "Clear";
    public const string Recovered = "Recovered";

    [Output(Description = "The case ids of the emergencies the case was held for (empty when clear).")]
    public Output<string[]> Emergencies { get; } = new();

    /// <summary>The stimulus the end of an emergency resumes a held case with.</summary>
    public static Dictionary<string, object?> StimulusFor(string caseId) => new() { ["caseId"] = caseId };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context) => DecideAsync(context);

    public override ValueTask ResumeAsync(ActivityExecutionContext context) => DecideAsync(context);

    private async ValueTask DecideAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caseId = context.Workflow.State.CorrelationId;
        if (string.IsNullOrEmpty(caseId))
        {
            context.Complete(Clear);
            return;
        }

        var linked = await context.GetRequiredService<LinkedEmergencies>().OfCaseAsync(caseId, context.Workflow.CancellationToken);
        var ids = linked.Select(l => l.CaseId).ToArray();
        context.SetOutput(Emergencies, ids);
        if (linked.Count == 0)
        {
            context.Complete(Clear);
            return;
        }

        var active = linked.Where(l => l.Active).Select(l => l.CaseId).ToArray();
        if (active.Length == 0)
        {
            context.Complete(Recovered);
            return;
        }

        context.CreateBookmark(new BookmarkOptions { Name = BookmarkName, Payload = StimulusFor(caseId), IncludeActivityInstanceId = false });
        context.RecordOutput("heldFor", string.Join(",", active));
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.CaseHeld, new Dictionary<string, object?>
        {
            ["caseId"] = caseId,
            ["emergencies"] = active,
        }));
    }
}
