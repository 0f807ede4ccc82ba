using System.Globalization;
using System.Text;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Cases.Features.Drills;

/// <summary>
/// The drill summary report to the company leadership ([001 篇1 八.3]; D7): the drill and its preparation, each
/// step with who did it and how long it took, the score (the plan's milestones against their limits), the
/// evaluation on its four criteria (D6), the summary meeting, commendations, rectification items and whether a plan
/// revision was proposed.
/// </summary>
public static class DrillReport
{
    public static string Compose(DrillDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var text = new StringBuilder();
        var c = details.Case;
        text.Append(CultureInfo.InvariantCulture, $"Drill {c.Number}: {details.Drill.Scenario} ({details.Drill.Kind.ToString().ToLowerInvariant()} drill)\n");
        Line(text, "When", details.Recorded("prepare", "drillTime"));
        Line(text, "Where", details.Recorded("prepare", "place"));
        Line(text, "Participants", details.Recorded("prepare", "participants"));
        Line(text, "Drill plan", details.Recorded("prepare", "plan"));

        text.Append("\nSteps\n");
        var prefix = $"Drill {c.Number}: ";
        foreach (var step in details.Steps.Where(s => !NotExecution.Contains(s.ActivityId)))
        {
            var title = step.Title.StartsWith(prefix, StringComparison.Ordinal) ? step.Title[prefix.Length..] : step.Title;
            var took = step.Took is { } t ? Duration(t) : "not done";
            text.Append(CultureInfo.InvariantCulture, $"- {char.ToUpperInvariant(title[0])}{title[1..]}: {took}{(step.DoneBy is { } by ? ", by " + by : "")}\n");
        }

        text.Append("\nScore: the emergency plan's milestones against their limits\n");
        if (details.Milestones.Count == 0)
        {
            text.Append(details.Drill.RunPlan ? "- the plan's run has not reached its deadlines yet\n" : "- this drill did not run the emergency plan (tabletop)\n");
        }
        else
        {
            foreach (var m in details.Milestones)
                text.Append(CultureInfo.InvariantCulture, $"- {Milestones.GetValueOrDefault(m.Name, m.Name)}: {(m.Took is { } took ? Duration(took) : "not reached")} (limit {Duration(m.Limit)}): {m.Result}\n");
            text.Append(CultureInfo.InvariantCulture, $"- {details.Milestones.Count(m => m.Result == "Met")} of {details.Milestones.Count} milestones in time\n");
        }

        text.Append("\nEvaluation\n");
        Line(text, "Practicality of the plan", details.Recorded("evaluate", "practicality"));
        Line(text, "Emergency response capability", details.Recorded("evaluate", "responseCapability"));
        Line(text, "Service-quality assurance", details.Recorded("evaluate", "serviceQuality"));
        Line(text, "Problems and improvements", details.Recorded("evaluate", "problems"));

        text.Append("\nSummary\n");
        Line(text, "Summary meeting", details.Recorded("summarise", "meeting"));
        Line(text, "Commendations", details.Recorded("summarise", "commendations"));
        Line(text, "Rectification items", details.Recorded("summarise", "rectifications"));
        Line(text, "Plan revision proposed", details.Recorded("summarise", "proposeRevision") is "True" or "true" ? "yes" : "no");
        return text.ToString();
    }

    // The drill's own bookkeeping, around its execution: not scored as steps.
    private static readonly HashSet<string> NotExecution = new(StringComparer.Ordinal) { "prepare", "evaluate", "summarise", "approveRevision", "managementApproval" };

    private static readonly Dictionary<string, string> Milestones = new(StringComparer.Ordinal)
    {
        ["emergency.response"] = "Response started",
        ["emergency.assessment"] = "Initial assessment",
        ["emergency.plan"] = "Handling plan",
        ["emergency.firstNotice"] = "First progress notice",
    };

    private static void Line(StringBuilder text, string label, string? value) =>
        text.Append(CultureInfo.InvariantCulture, $"{label}: {(string.IsNullOrWhiteSpace(value) ? "(not recorded)" : value.Trim())}\n");

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1
            ? span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{Math.Max(0, (int)Math.Round(span.TotalMinutes))} min";
}

/// <summary>
/// Sends a <c>CaseFlow.SendDrillReport</c>'s report once: composed from the drill as it stands when the message is
/// handled, stored under the key <c>drill-report:{case id}</c> (a redelivery finds it), then delivered.
/// </summary>
public sealed class DrillReportHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, GetDrillHandler drills, NotificationService notifications, ILogger<DrillReportHandler>? logger = null) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.DrillReport];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("caseId") is not string caseId)
            return;
        var recipient = message.Payload.GetValueOrDefault("recipient") as string is { Length: > 0 } r ? r : "management";
        var details = await drills.HandleAsync(caseId, cancellationToken);
        var stored = await notifications.EnqueueAsync(new NotificationRequest
        {
            IdempotencyKey = "drill-report:" + caseId,
            CaseId = caseId,
            WorkflowInstanceId = message.InstanceId,
            RecipientKind = RecipientKind.Department,
            Recipient = recipient,
            Channel = NotificationChannelNames.Auto,
            Subject = $"Drill summary report {details.Case.Number}",
            Body = DrillReport.Compose(details),
        }, cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await Timeline.AddOnceAsync(db, new TimelineEntry
            {
                CaseId = caseId,
                At = message.CreatedAt,
                Kind = TimelineKind.Message,
                Title = "Drill summary report sent to the leadership",
                Code = "drillReportSent",
                Detail = recipient,
                SourceId = "drill-report:" + caseId,
            }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await notifications.DeliverOrLeavePendingAsync(stored.Id, logger ?? (ILogger)NullLogger.Instance, cancellationToken);
    }
}
