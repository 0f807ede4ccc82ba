using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Activities;

/// <summary>
/// The communications cadence of an emergency ([000 §5.3.2]): <b>Await</b> waits for the next information report
/// filed for the emergency and continues on <c>Reported</c>, or on <c>Missed</c> when the level's interval passes
/// first (defaults I: 30 min, II: 1 h, III: 4 h, IV: a day; <c>CaseFlow:Emergencies:Cadence</c>). Looping back to
/// itself after either, it keeps the cadence for as long as the emergency runs. <b>Stop</b> ends a waiting Await
/// (it continues on <c>Stopped</c>), e.g. when the emergency is terminated.
/// </summary>
/// <remarks>
/// A filed report resumes the wait through its stimulus (the case id); the wait's due time is a timer bookmark of
/// the instance, so a restart loses neither. A report filed while no wait is armed (between two loops) counts for
/// the next wait, and so does one whose resume was cut off by a crash: before calling an interval missed, the wait
/// looks for a report filed since it began.
/// </remarks>
[Activity("CaseFlow.AwaitUpdate", Category = "Emergency", DisplayName = "Await Update", Description = "Waits for the emergency's next information report; continues on Missed when the communications interval of its level passes first.")]
[Outcomes("Reported", "Missed", "Stopped", "Done")]
public sealed class AwaitUpdate : Activity
{
    public const string BookmarkName = "CaseFlow.AwaitUpdate";

    [Input(UIHint = UIHints.RadioList, Options = ["Await", "Stop"], DefaultValue = "Await", Order = 0)]
    public Input<string> Action { get; } = new();

    [Input(Description = "The response level whose cadence applies (I–IV), e.g. variables.level.", DefaultSyntax = "JavaScript", Order = 1)]
    public Input<string> Level { get; } = new();

    [Input(Description = "The interval to wait instead of the level's configured cadence (e.g. 00:30:00).", Order = 2)]
    public Input<TimeSpan?> Interval { get; } = new();

    [Output(Description = "The report that arrived (its id), when one did.")]
    public Output<string> ReportId { get; } = new();

    /// <summary>The stimulus a filed report resumes the waits of its emergency with.</summary>
    public static Dictionary<string, object?> StimulusFor(string caseId) => new() { ["caseId"] = caseId };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caseId = context.Workflow.State.CorrelationId;
        if (string.Equals(context.Get(Action), "Stop", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var waiting in context.Workflow.State.Bookmarks.Where(b => b.Name == BookmarkName).ToList())
                context.Workflow.EnqueueResume(waiting, new Dictionary<string, object?> { ["stopped"] = true });
            context.Complete("Done");
            return default;
        }

        if (string.IsNullOrEmpty(caseId))
            throw new ActivityFaultException("AwaitUpdate runs in an emergency's workflow (its correlation id is the case)");
        var interval = context.Get(Interval) ?? CadenceOf(context);
        if (interval <= TimeSpan.Zero)
            throw new ActivityFaultException($"AwaitUpdate needs a positive interval, not {interval}");
        var due = context.Workflow.Clock.GetUtcNow() + interval;
        context.CreateBookmark(new BookmarkOptions
        {
            Name = BookmarkName,
            Payload = StimulusFor(caseId),
            DueAt = due,
            IncludeActivityInstanceId = false,
        });
        context.RecordOutput("dueAt", due);
        return default;
    }

    public override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.ResumeInput as IDictionary<string, object?> ?? new Dictionary<string, object?>();
        if (input.TryGetValue("stopped", out var stopped) && stopped is true)
        {
            context.Complete("Stopped");
            return;
        }

        if (input.TryGetValue("reportId", out var given) && given is string reportId)
        {
            context.SetOutput(ReportId, reportId);
            context.Complete("Reported");
            return;
        }

        // The interval passed: unless a report came in that could not resume the wait (filed as it re-armed, or cut
        // off by a crash after it was saved), the update was missed.
        var since = context.ResumedBookmark?.CreatedAt ?? context.Workflow.Clock.GetUtcNow();
        var caseId = context.Workflow.State.CorrelationId;
        var dbFactory = context.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(context.Workflow.CancellationToken);
        var late = await db.InformationReports.AsNoTracking()
            .Where(r => r.CaseId == caseId && r.SubmittedAt > since)
            .OrderBy(r => r.Sequence)
            .Select(r => (long?)r.Id)
            .FirstOrDefaultAsync(context.Workflow.CancellationToken);
        if (late is { } id)
        {
            context.SetOutput(ReportId, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Complete("Reported");
            return;
        }

        context.Complete("Missed");
    }

    private TimeSpan CadenceOf(ActivityExecutionContext context)
    {
        var cadence = context.GetRequiredService<IOptions<EmergencyOptions>>().Value.Cadence;
        var level = context.Get(Level)?.Trim();
        if (string.IsNullOrEmpty(level) || !Enum.TryParse<ResponseLevel>(level, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(level, out _))
            throw new ActivityFaultException($"AwaitUpdate needs a response level (I, II, III or IV) or an interval; got '{level}'");
        return cadence.TryGetValue(parsed, out var interval) ? interval : throw new ActivityFaultException($"No communications cadence is configured for level {parsed}");
    }
}
