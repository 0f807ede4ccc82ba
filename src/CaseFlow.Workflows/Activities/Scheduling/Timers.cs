using System.Globalization;
using CaseFlow.Workflows.Runtime;
using Cronos;

namespace CaseFlow.Workflows.Activities.Scheduling;

/// <summary>
/// Timer bookmarks: any bookmark with a <see cref="Bookmark.DueAt"/> (Elsa's Delay, Timer, StartAt and Cron, and
/// application activities' deadlines); a host schedules their resumption at that time, with no input.
/// </summary>
public static class TimerBookmarks
{
    /// <summary>Elsa's own timer activities' bookmark names.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "Elsa.Delay", "Elsa.Timer", "Elsa.StartAt", "Elsa.Cron" };

    public static bool IsTimer(Bookmark bookmark) => bookmark?.DueAt is not null;

    internal static void Wait(ActivityExecutionContext context, DateTimeOffset due, Dictionary<string, object?> payload)
    {
        if (due <= context.Workflow.Clock.GetUtcNow())
        {
            context.Complete();
            return;
        }

        context.CreateBookmark(new BookmarkOptions { Payload = payload, DueAt = due });
    }

    internal static string Iso(DateTimeOffset value) => value.ToString("o", CultureInfo.InvariantCulture);

    /// <summary>Parses Quartz/Elsa cron (seconds first, <c>?</c> allowed, optional year) or 5-field cron.</summary>
    public static CronExpression ParseCron(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 7)
            fields = fields[..6];
        return fields.Length == 6
            ? CronExpression.Parse(string.Join(' ', fields), CronFormat.IncludeSeconds)
            : CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard);
    }
}

[Activity("Elsa.Delay", Category = "Scheduling", Description = "Waits for the given time, then continues. The due time is kept in the workflow's state, not in the job scheduler.")]
public sealed class Delay : Activity
{
    [Input(DisplayName = "Time span", Description = "How long to wait, e.g. 00:05:00.", DefaultValue = "00:01:00", IsRequired = true)]
    public Input<TimeSpan> TimeSpan { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Evaluate first: a slow expression must not eat into the wait.
        var span = context.Get(TimeSpan);
        var due = context.Workflow.Clock.GetUtcNow() + span;
        TimerBookmarks.Wait(context, due, new Dictionary<string, object?> { ["resumeAt"] = TimerBookmarks.Iso(due) });
        return default;
    }
}

[Activity("Elsa.Timer", Category = "Scheduling", Description = "As a trigger, starts the workflow every interval. Inside a flow, waits one interval.", Kind = ActivityKind.Trigger)]
public sealed class Timer : Activity
{
    [Input(Description = "The interval, e.g. 00:01:00.", DefaultValue = "00:01:00", IsRequired = true)]
    public Input<TimeSpan> Interval { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workflow.State.TriggerActivityId == context.Node.Id)
        {
            context.Complete();
            return default;
        }

        var interval = context.Get(Interval);
        var due = context.Workflow.Clock.GetUtcNow() + interval;
        TimerBookmarks.Wait(context, due, new Dictionary<string, object?> { ["resumeAt"] = TimerBookmarks.Iso(due), ["interval"] = interval.ToString("c", CultureInfo.InvariantCulture) });
        return default;
    }
}

[Activity("Elsa.StartAt", Category = "Scheduling", DisplayName = "Start At", Description = "As a trigger, starts the workflow once at the given time. Inside a flow, waits until then.", Kind = ActivityKind.Trigger)]
public sealed class StartAt : Activity
{
    [Input(DisplayName = "Date and time", Description = "When to continue (ISO 8601 with offset).", UIHint = UIHints.DateTimePicker, IsRequired = true)]
    public Input<DateTimeOffset> DateTime { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workflow.State.TriggerActivityId == context.Node.Id)
        {
            context.Complete();
            return default;
        }

        var due = context.Get(DateTime);
        TimerBookmarks.Wait(context, due, new Dictionary<string, object?> { ["executeAt"] = TimerBookmarks.Iso(due) });
        return default;
    }
}

[Activity("Elsa.Cron", Category = "Scheduling", Description = "As a trigger, starts the workflow on a cron schedule. Inside a flow, waits for the next occurrence.", Kind = ActivityKind.Trigger)]
public sealed class Cron : Activity
{
    [Input(DisplayName = "Cron expression", Description = "Quartz-style with seconds, e.g. 0 30 5 * * ? (05:30 UTC every day).", IsRequired = true)]
    public Input<string> CronExpression { get; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workflow.State.TriggerActivityId == context.Node.Id)
        {
            context.Complete();
            return default;
        }

        var text = context.Get(CronExpression) ?? throw new ActivityFaultException("Cron needs an expression");
        CronExpression cron;
        try
        {
            cron = TimerBookmarks.ParseCron(text);
        }
        catch (CronFormatException ex)
        {
            throw new ActivityFaultException($"Invalid cron expression '{text}': {ex.Message}", ex);
        }

        var next = cron.GetNextOccurrence(context.Workflow.Clock.GetUtcNow(), TimeZoneInfo.Utc)
            ?? throw new ActivityFaultException($"Cron expression '{text}' has no future occurrence");
        context.CreateBookmark(new BookmarkOptions
        {
            Payload = new Dictionary<string, object?> { ["executeAt"] = TimerBookmarks.Iso(next), ["cronExpression"] = text },
            DueAt = next,
        });
        return default;
    }
}
