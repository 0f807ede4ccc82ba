using CaseFlow.Cases.Features.Sla;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// Starts or stops a named SLA clock of the case (e.g. <c>complaint.firstResponse</c>: 24 h). <b>Start</b> waits:
/// it continues on <c>Breached</c> when the clock's due time passes first (counted on the business calendar), or on
/// <c>Met</c> when a <b>Stop</b> of the same clock runs first (typically on a parallel branch: Fork → the work on one
/// branch, the clock on the other, the work's end stops the clock). <b>Stop</b> continues on <c>Done</c> at once.
/// </summary>
/// <remarks>
/// The due time is a timer bookmark of the instance (scheduled from CaseFlow's database, so a restart loses none);
/// Stop resumes the waiting Start in the same burst, so a clock is either met or breached, never both.
/// </remarks>
[Activity("CaseFlow.SlaTimer", Category = "Case", DisplayName = "SLA Timer", Description = "Starts a named SLA clock and continues on Breached or Met, or stops it.")]
[Outcomes("Breached", "Met", "Done")]
public sealed class SlaTimer : Activity
{
    public const string BookmarkName = "CaseFlow.SlaTimer";

    [Input(UIHint = UIHints.RadioList, Options = ["Start", "Stop"], DefaultValue = "Start", Order = 0)]
    public Input<string> Action { get; } = new();

    [Input(DisplayName = "Clock", Description = "The SLA clock: complaint.firstResponse, complaint.resolution, inquiry.complex, ticket.acknowledgement, live.reply, emergency.response, emergency.assessment, emergency.plan, emergency.firstNotice (configurable).", IsRequired = true, Order = 1)]
    public Input<string> Clock { get; } = new();

    [Input(Description = "For first-response clocks: the channel whose target applies (phone, email, online, social). Empty: the workflow input 'channel'.", Order = 2)]
    public Input<string> Channel { get; } = new();

    [Input(DisplayName = "Counted from", Description = "When the clock started, if before this step (e.g. an emergency's occurrence time: Input.occurredAt). Empty: now. A clock already past its due time is breached at once.", Order = 3)]
    public Input<DateTimeOffset?> From { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = context.Get(Clock) is { Length: > 0 } name ? name.Trim() : throw new ActivityFaultException("SlaTimer needs a clock name");
        var now = context.Workflow.Clock.GetUtcNow();
        var caseId = context.Workflow.State.CorrelationId;
        if (string.Equals(context.Get(Action), "Stop", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var running in context.Workflow.State.Bookmarks.Where(b => b.Name == BookmarkName && Equals(b.Payload.GetValueOrDefault("clock"), clock)).ToList())
            {
                context.Workflow.EnqueueResume(running, new Dictionary<string, object?> { ["stopped"] = true });
                context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.SlaStopped, new Dictionary<string, object?>
                {
                    ["slaId"] = running.Payload.GetValueOrDefault("slaId"),
                    ["caseId"] = caseId,
                    ["clock"] = clock,
                    ["at"] = now,
                    // The timer's own record, so a stop handled before its start can still tell when the clock was due.
                    ["startedAt"] = running.CreatedAt,
                    ["dueAt"] = running.DueAt,
                }));
            }

            context.Complete("Done");
            return default;
        }

        var channel = context.Get(Channel) is { Length: > 0 } c ? c : context.Workflow.State.Input.GetValueOrDefault("channel") as string;
        // A start in the future would stretch the target: the clock never starts later than now.
        var from = context.Get(From) is { } given && given < now ? given : now;
        var due = context.GetRequiredService<SlaPolicy>().DueAt(clock, from, channel?.ToLowerInvariant());
        var slaId = WorkflowExecutionContext.NewId();
        context.CreateBookmark(new BookmarkOptions
        {
            Name = BookmarkName,
            Payload = new Dictionary<string, object?> { ["clock"] = clock, ["slaId"] = slaId },
            DueAt = due,
        });
        context.RecordOutput("dueAt", due);
        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.SlaStarted, new Dictionary<string, object?>
        {
            ["slaId"] = slaId,
            ["caseId"] = caseId,
            ["clock"] = clock,
            ["at"] = from,
            ["dueAt"] = due,
        }));
        return default;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = context.ResumedBookmark?.Payload ?? new Dictionary<string, object?>();
        if (context.ResumeInput is IDictionary<string, object?> input && input.TryGetValue("stopped", out var stopped) && stopped is true)
        {
            context.Complete("Met");
            return default;
        }

        context.Workflow.Outbox.Add(new OutboxItem(CaseOutboxKinds.SlaBreached, new Dictionary<string, object?>
        {
            ["slaId"] = payload.GetValueOrDefault("slaId"),
            ["caseId"] = context.Workflow.State.CorrelationId,
            ["clock"] = payload.GetValueOrDefault("clock"),
            ["at"] = context.Workflow.Clock.GetUtcNow(),
            ["dueAt"] = context.ResumedBookmark?.DueAt,
        }));
        context.Complete("Breached");
        return default;
    }
}
