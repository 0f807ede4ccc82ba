using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>
/// The cases whose follow-up and survey wait for an emergency (<see cref="HoldForEmergency"/>): notes a hold on the
/// links and the case's timeline, and lets the held cases go when the emergency is declared over or closed.
/// </summary>
/// <remarks>
/// <para>
/// Each customer hears from us once: a held case is resumed by the stimulus <c>emergency-over:{emergency}:{case}</c>,
/// which the runtime applies once however often it is delivered, and the case's own workflow then sends one
/// recovery follow-up and one survey.
/// </para>
/// <para>
/// No hold is missed. A hold is noted after the burst that armed it committed, and the end of an emergency is saved
/// before its held cases are looked up; so either the release sees the hold, or the note sees the end and releases
/// the case itself. A release cut off by a crash is finished by the redelivered update or by the case sweep
/// (<see cref="ReleaseEndedAsync"/>: holds noted but never released whose emergency is over).
/// </para>
/// <para>
/// Resuming goes through the runtime, and the runtime holds the outbox handlers: it is looked up when needed, not
/// injected (that would be a cycle).
/// </para>
/// </remarks>
public sealed class HeldCases(IDbContextFactory<CaseFlowDbContext> dbFactory, IServiceProvider services, TimeProvider clock, ILogger<HeldCases>? logger = null) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.CaseHeld];

    /// <summary>Notes a hold (a <see cref="CaseOutboxKinds.CaseHeld"/> message); releases it at once if an emergency ended meanwhile.</summary>
    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("caseId") is not string caseId)
            return;
        List<string> ended;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var links = await db.CaseLinks.Where(l => l.LinkedCaseId == caseId).ToListAsync(cancellationToken);
            var emergencyIds = links.Select(l => l.CaseId).ToList();
            var emergencies = await db.Emergencies.AsNoTracking().Where(e => emergencyIds.Contains(e.CaseId)).ToDictionaryAsync(e => e.CaseId, StringComparer.Ordinal, cancellationToken);
            var numbers = await db.Cases.AsNoTracking().Where(c => emergencyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, StringComparer.Ordinal, cancellationToken);
            var held = new List<string>();
            foreach (var link in links.Where(l => emergencies.ContainsKey(l.CaseId) && l.ReleasedAt is null))
            {
                link.HeldAt ??= message.CreatedAt;
                held.Add(numbers.GetValueOrDefault(link.CaseId) ?? link.CaseId);
            }

            if (held.Count > 0)
            {
                await Timeline.AddOnceAsync(db, new TimelineEntry
                {
                    CaseId = caseId,
                    At = message.CreatedAt,
                    Kind = TimelineKind.Link,
                    Title = "Follow-up and survey held back",
                    Code = "heldBack",
                    Args = new() { ["emergencies"] = string.Join(", ", held.Order(StringComparer.Ordinal)) },
                    Detail = $"Linked to emergency {string.Join(", ", held.Order(StringComparer.Ordinal))}, still active: the customer hears from us again once it is over",
                    SourceId = "held:" + message.Id,
                }, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            ended = emergencies.Values.Where(IsOver).Select(e => e.CaseId).ToList();
        }

        foreach (var emergencyId in ended)
            await ReleaseAsync(emergencyId, cancellationToken);
    }

    /// <summary>
    /// Lets every case held for this emergency go, if it is over; a case linked to another emergency still active
    /// waits on for that one. Returns how many held cases were resumed.
    /// </summary>
    public async Task<int> ReleaseAsync(string emergencyCaseId, CancellationToken cancellationToken = default)
    {
        List<CaseLink> links;
        string? number;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var emergency = await db.Emergencies.AsNoTracking().FirstOrDefaultAsync(e => e.CaseId == emergencyCaseId, cancellationToken);
            if (emergency is null || !IsOver(emergency))
                return 0;
            number = await db.Cases.AsNoTracking().Where(c => c.Id == emergencyCaseId).Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);
            links = await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == emergencyCaseId && l.ReleasedAt == null).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        }

        var runtime = services.GetRequiredService<DurableWorkflowRuntime>();
        var resumed = 0;
        foreach (var link in links)
        {
            // Every linked case, noted as held or not: a hold whose note is still on its way is resumed all the same.
            resumed += await runtime.ResumeStimulusAsync(
                HoldForEmergency.BookmarkName,
                HoldForEmergency.StimulusFor(link.LinkedCaseId),
                new Dictionary<string, object?> { ["emergency"] = emergencyCaseId },
                $"emergency-over:{emergencyCaseId}:{link.LinkedCaseId}",
                cancellationToken);
            if (link.HeldAt is null)
                continue;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            await db.CaseLinks.Where(l => l.Id == link.Id && l.ReleasedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.ReleasedAt, now), cancellationToken);
            await Timeline.AddOnceAsync(db, new TimelineEntry
            {
                CaseId = link.LinkedCaseId,
                At = now,
                Kind = TimelineKind.Link,
                Title = "Hold lifted",
                Code = "holdLifted",
                Args = new() { ["emergency"] = number ?? emergencyCaseId },
                Detail = $"Emergency {number ?? emergencyCaseId} is over: the recovery follow-up and the survey go ahead",
                SourceId = "released:" + link.Id,
            }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (resumed > 0)
            (logger ?? (ILogger)NullLogger.Instance).LogInformation("Emergency {Emergency} is over: {Count} held cases go on to their recovery follow-up", number ?? emergencyCaseId, resumed);
        return resumed;
    }

    /// <summary>The sweep's part: holds noted but not released whose emergency is over (a release cut off by a crash). Returns how many cases resumed.</summary>
    public async Task<int> ReleaseEndedAsync(CancellationToken cancellationToken = default)
    {
        List<string> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            pending = await (
                    from link in db.CaseLinks.AsNoTracking()
                    join emergency in db.Emergencies.AsNoTracking() on link.CaseId equals emergency.CaseId
                    where link.HeldAt != null && link.ReleasedAt == null && (emergency.TerminatedAt != null || emergency.Stage == EmergencyStage.Closed)
                    select link.CaseId)
                .Distinct()
                .OrderBy(caseId => caseId) // the same hundred each pass until they are released (and no warning from EF)
                .Take(100)
                .ToListAsync(cancellationToken);
        }

        var resumed = 0;
        foreach (var emergencyCaseId in pending)
            resumed += await ReleaseAsync(emergencyCaseId, cancellationToken);
        return resumed;
    }

    /// <summary>Over for its customers: declared over by the command (E14), or closed (a false alarm, or the end of the summary).</summary>
    public static bool IsOver(Emergency emergency)
    {
        ArgumentNullException.ThrowIfNull(emergency);
        return emergency.TerminatedAt is not null || emergency.Stage == EmergencyStage.Closed;
    }
}
