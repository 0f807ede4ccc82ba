using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Work for a person: creates a case task (in the burst's own transaction on CaseFlow's store, else when its outbox
/// message is delivered) and waits until someone
/// completes it with one of the allowed outcomes, then continues on that outcome's port. The form's values become
/// workflow variables (a field <c>major</c> is then <c>variables.major</c> in JavaScript).
/// </summary>
/// <remarks>
/// The task id is the bookmark's stimulus: completing a task resumes exactly this activity, once (a repeated
/// completion with the same task id is a no-op in the runtime).
/// </remarks>
[Activity("CaseFlow.HumanTask", Category = "Case", DisplayName = "Human Task", Description = "Assigns a task to a person or a role and waits until it is completed with one of its outcomes.", Kind = ActivityKind.Task)]
public sealed class HumanTask : Activity
{
    public const string BookmarkName = "CaseFlow.HumanTask";

    [Input(Description = "What to do, shown in the inbox (Liquid: {{ Variables.x }}).", UIHint = UIHints.SingleLine, DefaultSyntax = "Liquid", IsRequired = true, Order = 0)]
    public Input<string> Title { get; } = new();

    [Input(Description = "How to do it (Liquid).", UIHint = UIHints.MultiLine, DefaultSyntax = "Liquid", Order = 1)]
    public Input<string> Instructions { get; } = new();

    [Input(Description = "The user who must do it. Empty: anyone with the candidate role may claim it.", Order = 2)]
    public Input<string> Assignee { get; } = new();

    [Input(Description = "The department that owns it (e.g. tech-support): the task is the department's, assigned to its head unless an assignee is named.", Order = 3)]
    public Input<string> Department { get; } = new();

    [Input(Description = "The role whose members may claim it.", UIHint = UIHints.Dropdown, Options = ["Agent", "Supervisor", "Manager", "ProcessOwner", "Admin"], DefaultValue = "Agent", Order = 4)]
    public Input<string> CandidateRole { get; } = new();

    [Input(DisplayName = "Assign to case owner", Description = "Assign to the case's owner (first-contact ownership); the first agent to claim an ownerless case becomes its owner.", UIHint = UIHints.Checkbox, Order = 5)]
    public Input<bool> AssignToCaseOwner { get; } = new();

    [Input(Description = "The outcomes a person can complete it with; each is a port.", UIHint = UIHints.DynamicOutcomes, IsDynamicOutcomes = true, Order = 6)]
    public Input<string[]> Outcomes { get; } = new();

    [Input(Description = "Form fields: [{ name, label, type (text, textarea, number, boolean, date, select), required, requiredFor (the outcomes it is required for; empty: all), options }].", UIHint = UIHints.JsonEditor, Order = 7)]
    public Input<object> Form { get; } = new();

    [Input(UIHint = UIHints.Dropdown, Options = ["Low", "Normal", "High", "Urgent"], DefaultValue = "Normal", Order = 8)]
    public Input<string> Priority { get; } = new();

    [Input(DisplayName = "Due in", Description = "Time to complete it, counted on the business calendar (round the clock for emergencies; e.g. 04:00:00, 2.00:00:00).", Order = 9)]
    public Input<TimeSpan?> DueIn { get; } = new();

    [Input(DisplayName = "Escalate when overdue", Description = "Each time it is overdue, hand it to the next superior up the chain (agent → supervisor → CS manager → department head → GM), who again has the Due in time.", UIHint = UIHints.Checkbox, Order = 10)]
    public Input<bool> Escalate { get; } = new();

    [Output(Description = "The outcome it was completed with.")]
    public Output<string> Outcome { get; } = new();

    [Output(Description = "The form's values.")]
    public Output<object> Data { get; } = new();

    [Output(DisplayName = "Completed by")]
    public Output<string> CompletedBy { get; } = new();

    public override IReadOnlyList<string> GetOutcomes(Workflows.Definitions.ActivityNode node) =>
        Workflows.Flowchart.DynamicOutcomes.FromInput(node, "outcomes", [Workflows.Activities.Outcomes.Done]);

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Hand(context, new TaskRequest(
            "Task",
            context.Get(Title),
            context.Get(Instructions),
            context.Get(Assignee),
            context.Get(Department),
            context.Get(CandidateRole),
            context.Get(AssignToCaseOwner),
            context.Get(Outcomes),
            context.Get(Form),
            context.Get(Priority),
            context.Get(DueIn),
            context.Get(Escalate)));
        return default;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (outcome, data, completedBy) = TakeCompletion(context);
        context.SetOutput(Outcome, outcome);
        context.SetOutput(Data, data);
        context.SetOutput(CompletedBy, completedBy);
        context.Complete(outcome);
        return default;
    }

    /// <summary>What a person is asked to do (HumanTask and ScheduleFollowUp hand out tasks the same way).</summary>
    internal sealed record TaskRequest(string Kind, string? Title, string? Instructions, string? Assignee, string? Department, string? CandidateRole, bool AssignToCaseOwner, string[]? Outcomes, object? Form, string? Priority, TimeSpan? DueIn, bool Escalate = false);

    /// <summary>Creates the task's bookmark (its stimulus is the task id) and the outbox message that stands for its row.</summary>
    internal static void Hand(ActivityExecutionContext context, TaskRequest request)
    {
        var taskId = WorkflowExecutionContext.NewId();
        var outcomes = request.Outcomes is { Length: > 0 } declared ? declared : [Workflows.Activities.Outcomes.Done];
        context.CreateBookmark(new BookmarkOptions
        {
            Name = BookmarkName,
            Payload = new Dictionary<string, object?> { ["taskId"] = taskId },
            IncludeActivityInstanceId = false,
        });
        context.RecordOutput("taskId", taskId);
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.TaskCreated, new Dictionary<string, object?>
        {
            ["taskId"] = taskId,
            ["kind"] = request.Kind,
            ["caseId"] = context.Workflow.State.CorrelationId,
            ["activityId"] = context.Node.Id,
            ["activityInstanceId"] = context.Id,
            ["title"] = request.Title is { Length: > 0 } title ? title : context.Node.Name ?? context.Node.Id,
            ["instructions"] = request.Instructions,
            ["assignee"] = NullIfEmpty(request.Assignee),
            ["department"] = NullIfEmpty(request.Department),
            ["candidateRole"] = NullIfEmpty(request.CandidateRole) ?? "Agent",
            ["assignToCaseOwner"] = request.AssignToCaseOwner,
            ["outcomes"] = outcomes.ToList<object?>(),
            ["form"] = ValueConverter.ToPlain(request.Form),
            ["priority"] = NullIfEmpty(request.Priority) ?? "Normal",
            ["dueIn"] = request.DueIn?.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["escalate"] = request.Escalate && request.DueIn is not null,
        }));
    }

    /// <summary>Reads a completion (outcome, form values, who) and sets the form's values as workflow variables.</summary>
    internal static (string Outcome, IDictionary<string, object?> Data, string? CompletedBy) TakeCompletion(ActivityExecutionContext context)
    {
        var input = context.ResumeInput as IDictionary<string, object?> ?? new Dictionary<string, object?>();
        var outcome = input.TryGetValue("outcome", out var o) && o is string s ? s : Workflows.Activities.Outcomes.Done;
        var data = input.TryGetValue("data", out var d) && d is IDictionary<string, object?> values ? values : new Dictionary<string, object?>();
        foreach (var (name, value) in data)
            context.SetVariable(name, value);
        return (outcome, data, input.TryGetValue("completedBy", out var by) ? by as string : null);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
