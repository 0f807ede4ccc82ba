using CaseFlow.Cases.Features.Sla;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// A follow-up after a delay: waits the delay (counted on the business calendar), then hands the case's owner a
/// follow-up task and continues on the outcome it is completed with. The wait is a timer of the instance, so a
/// restart keeps the follow-up date.
/// </summary>
[Activity("CaseFlow.ScheduleFollowUp", Category = "Case", DisplayName = "Schedule Follow-up", Description = "After a delay, gives the case owner a follow-up task and waits for its outcome.", Kind = ActivityKind.Task)]
public sealed class ScheduleFollowUp : Activity
{
    public const string TimerName = "CaseFlow.ScheduleFollowUp";

    [Input(Description = "How long after this step the follow-up is due (business time, e.g. 1.00:00:00).", IsRequired = true, Order = 0)]
    public Input<TimeSpan> Delay { get; } = new();

    [Input(Description = "The follow-up task's title (Liquid).", DefaultSyntax = "Liquid", Order = 1)]
    public Input<string> Title { get; } = new();

    [Input(UIHint = UIHints.MultiLine, DefaultSyntax = "Liquid", Order = 2)]
    public Input<string> Instructions { get; } = new();

    [Input(Description = "The outcomes of the follow-up; each is a port.", UIHint = UIHints.DynamicOutcomes, IsDynamicOutcomes = true, Order = 3)]
    public Input<string[]> Outcomes { get; } = new();

    [Input(Description = "Form fields, as for Human Task.", UIHint = UIHints.JsonEditor, Order = 4)]
    public Input<object> Form { get; } = new();

    [Input(Description = "Who may do it when the case has no owner.", UIHint = UIHints.Dropdown, Options = ["Agent", "Supervisor", "Manager"], DefaultValue = "Agent", Order = 5)]
    public Input<string> CandidateRole { get; } = new();

    [Input(DisplayName = "Due in", Description = "Time to complete the follow-up once it is handed out (business time).", Order = 6)]
    public Input<TimeSpan?> DueIn { get; } = new();

    [Output]
    public Output<string> Outcome { get; } = new();

    [Output]
    public Output<object> Data { get; } = new();

    public override IReadOnlyList<string> GetOutcomes(Workflows.Definitions.ActivityNode node) =>
        Workflows.Flowchart.DynamicOutcomes.FromInput(node, "outcomes", [Workflows.Activities.Outcomes.Done]);

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Workflow.Clock.GetUtcNow();
        var due = context.GetRequiredService<BusinessCalendar>().AddBusinessTime(now, context.Get(Delay));
        context.CreateBookmark(new BookmarkOptions { Name = TimerName, DueAt = due, Payload = new Dictionary<string, object?> { ["dueAt"] = due } });
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.FollowUpScheduled, new Dictionary<string, object?>
        {
            ["caseId"] = context.Workflow.State.CorrelationId,
            ["activityInstanceId"] = context.Id,
            ["title"] = FollowUpTitle(context),
            ["dueAt"] = due,
        }));
        return default;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ResumedBookmark?.Name == TimerName)
        {
            HumanTask.Hand(context, new HumanTask.TaskRequest(
                "FollowUp",
                FollowUpTitle(context),
                context.Get(Instructions),
                Assignee: null,
                Department: null,
                context.Get(CandidateRole),
                AssignToCaseOwner: true,
                context.Get(Outcomes),
                context.Get(Form),
                "Normal",
                context.Get(DueIn)));
            return default;
        }

        var (outcome, data, _) = HumanTask.TakeCompletion(context);
        context.SetOutput(Outcome, outcome);
        context.SetOutput(Data, data);
        context.Complete(outcome);
        return default;
    }

    private string FollowUpTitle(ActivityExecutionContext context) =>
        context.Get(Title) is { Length: > 0 } title ? title : "Follow up with the customer";
}
