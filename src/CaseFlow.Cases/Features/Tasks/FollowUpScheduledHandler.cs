using System.Globalization;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Tasks;

/// <summary>Puts a scheduled follow-up on the case's timeline (its task comes when the date arrives).</summary>
public sealed class FollowUpScheduledHandler(IDbContextFactory<CaseFlowDbContext> dbFactory) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.FollowUpScheduled];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("caseId") is not string caseId)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Cases.AnyAsync(c => c.Id == caseId, cancellationToken))
            return;
        var due = ValueConverter.Convert<DateTimeOffset?>(message.Payload.GetValueOrDefault("dueAt")) ?? message.CreatedAt;
        await Timeline.AddOnceAsync(db, new TimelineEntry
        {
            CaseId = caseId,
            At = message.CreatedAt,
            Kind = TimelineKind.FollowUp,
            Title = string.Create(CultureInfo.InvariantCulture, $"Follow-up scheduled for {due:yyyy-MM-dd HH:mm} UTC: {message.Payload.GetValueOrDefault("title")}"),
            SourceId = "follow-up-scheduled:" + message.Payload.GetValueOrDefault("activityInstanceId"),
            Code = "followUpScheduled",
            Args = new() { ["due"] = due.ToString("O", CultureInfo.InvariantCulture), ["title"] = message.Payload.GetValueOrDefault("title") as string ?? "" },
        }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
