using System.Globalization;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Sla;

/// <summary>
/// Keeps the case's SLA clocks (<see cref="SlaClock"/>) and timeline in step with its workflow's SLA timers. Each
/// message is applied once: the clock's id comes from the timer and a clock only moves forward out of Running.
/// </summary>
public sealed class SlaClockHandler(IDbContextFactory<CaseFlowDbContext> dbFactory) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.SlaStarted, CaseOutboxKinds.SlaStopped, CaseOutboxKinds.SlaBreached];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var p = message.Payload;
        if (p.GetValueOrDefault("slaId") is not string slaId)
            return;
        var caseId = p.GetValueOrDefault("caseId") as string;
        var name = p.GetValueOrDefault("clock") as string ?? "sla";
        var at = ValueConverter.Convert<DateTimeOffset?>(p.GetValueOrDefault("at")) ?? message.CreatedAt;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (caseId is not null && !await db.Cases.AnyAsync(c => c.Id == caseId, cancellationToken))
            caseId = null;
        var clock = await db.SlaClocks.FirstOrDefaultAsync(c => c.Id == slaId, cancellationToken);
        string? title = null;
        switch (message.Kind)
        {
            case CaseOutboxKinds.SlaStarted when clock is null:
                var due = ValueConverter.Convert<DateTimeOffset?>(p.GetValueOrDefault("dueAt")) ?? at;
                db.SlaClocks.Add(new SlaClock { Id = slaId, CaseId = caseId, WorkflowInstanceId = message.InstanceId, Name = name, StartedAt = at, DueAt = due, Status = SlaClockStatus.Running });
                title = string.Create(CultureInfo.InvariantCulture, $"SLA {name} started: due {due:yyyy-MM-dd HH:mm:ss} UTC");
                break;
            case CaseOutboxKinds.SlaStopped when clock is { Status: SlaClockStatus.Running }:
                clock.Status = SlaClockStatus.Met;
                clock.StoppedAt = at;
                title = $"SLA {name} met";
                break;
            case CaseOutboxKinds.SlaBreached when clock is { Status: SlaClockStatus.Running }:
                clock.Status = SlaClockStatus.Breached;
                clock.BreachedAt = at;
                title = string.Create(CultureInfo.InvariantCulture, $"SLA {name} breached (due {clock.DueAt:yyyy-MM-dd HH:mm:ss} UTC)");
                break;
        }

        if (title is null)
            return;
        if (caseId is not null)
        {
            await Timeline.AddOnceAsync(db, new TimelineEntry
            {
                CaseId = caseId,
                At = at,
                Kind = TimelineKind.Sla,
                Title = title,
                SourceId = $"sla-{message.Kind}:{slaId}",
            }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
