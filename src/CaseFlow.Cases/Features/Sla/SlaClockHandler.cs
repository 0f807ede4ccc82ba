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
/// <remarks>
/// Order-safe on its own: a "stopped" or "breached" that arrives before its "started" (a retried job, another node's
/// delivery) records the clock in its final state, and the "started" that follows only fills in when it started and
/// when it was due, and its timeline entry; it never sets a finished clock running again.
/// </remarks>
public sealed class SlaClockHandler(IDbContextFactory<CaseFlowDbContext> dbFactory) : IOutboxMessageHandler
{
    private const int MaxAttempts = 3;

    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.SlaStarted, CaseOutboxKinds.SlaStopped, CaseOutboxKinds.SlaBreached];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("slaId") is not string slaId)
            return;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyAsync(message, slaId, cancellationToken);
                if (message.Kind == CaseOutboxKinds.SlaBreached)
                    Diagnostics.CaseTelemetry.SlaBreaches.Add(1, new KeyValuePair<string, object?>("caseflow.sla.clock", message.Payload.GetValueOrDefault("clock") as string ?? "sla"));
                return;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another delivery of this clock (its start, its end, or this message again) inserted the row first: look again.
            }
        }
    }

    private async Task ApplyAsync(OutboxMessage message, string slaId, CancellationToken cancellationToken)
    {
        var p = message.Payload;
        var caseId = p.GetValueOrDefault("caseId") as string;
        var name = p.GetValueOrDefault("clock") as string ?? "sla";
        var at = ValueConverter.Convert<DateTimeOffset?>(p.GetValueOrDefault("at")) ?? message.CreatedAt;
        var due = ValueConverter.Convert<DateTimeOffset?>(p.GetValueOrDefault("dueAt"));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (caseId is not null && !await db.Cases.AnyAsync(c => c.Id == caseId, cancellationToken))
            caseId = null;
        var clock = await db.SlaClocks.FirstOrDefaultAsync(c => c.Id == slaId, cancellationToken);
        string? title = null;
        switch (message.Kind)
        {
            case CaseOutboxKinds.SlaStarted when clock is null:
                due ??= at;
                db.SlaClocks.Add(new SlaClock { Id = slaId, CaseId = caseId, WorkflowInstanceId = message.InstanceId, Name = name, StartedAt = at, DueAt = due.Value, Status = SlaClockStatus.Running });
                title = Started(name, due.Value);
                break;
            case CaseOutboxKinds.SlaStarted when clock is { Status: not SlaClockStatus.Running }:
                // Its end came first: the start only completes the record.
                due ??= clock.DueAt;
                clock.StartedAt = at;
                clock.DueAt = due.Value;
                title = Started(name, due.Value);
                break;
            case CaseOutboxKinds.SlaStopped or CaseOutboxKinds.SlaBreached when clock is null:
                // Ended before its start arrived: record it ended; the start fills in the rest (until then, the end's
                // copy of the timer tells when it started and was due).
                clock = new SlaClock
                {
                    Id = slaId,
                    CaseId = caseId,
                    WorkflowInstanceId = message.InstanceId,
                    Name = name,
                    StartedAt = ValueConverter.Convert<DateTimeOffset?>(p.GetValueOrDefault("startedAt")) ?? at,
                    DueAt = due ?? at,
                    Status = SlaClockStatus.Running,
                };
                db.SlaClocks.Add(clock);
                title = End(message.Kind, clock, name, at);
                break;
            case CaseOutboxKinds.SlaStopped or CaseOutboxKinds.SlaBreached when clock is { Status: SlaClockStatus.Running }:
                title = End(message.Kind, clock, name, at);
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
                Code = message.Kind == CaseOutboxKinds.SlaStarted ? "slaStarted" : message.Kind == CaseOutboxKinds.SlaStopped ? "slaMet" : "slaBreached",
                Args = new() { ["name"] = name, ["due"] = (message.Kind == CaseOutboxKinds.SlaStarted ? due : clock?.DueAt ?? due)?.ToString("O", CultureInfo.InvariantCulture) ?? "" },
            }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Started(string name, DateTimeOffset due) =>
        string.Create(CultureInfo.InvariantCulture, $"SLA {name} started: due {due:yyyy-MM-dd HH:mm:ss} UTC");

    private static string End(string kind, SlaClock clock, string name, DateTimeOffset at)
    {
        if (kind == CaseOutboxKinds.SlaStopped)
        {
            clock.Status = SlaClockStatus.Met;
            clock.StoppedAt = at;
            return $"SLA {name} met";
        }

        clock.Status = SlaClockStatus.Breached;
        clock.BreachedAt = at;
        return string.Create(CultureInfo.InvariantCulture, $"SLA {name} breached (due {clock.DueAt:yyyy-MM-dd HH:mm:ss} UTC)");
    }
}
