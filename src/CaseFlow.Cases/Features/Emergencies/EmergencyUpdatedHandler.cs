using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>
/// Applies a <c>CaseFlow.SetEmergency</c> after the burst committed: stage (and the case's status with it), level,
/// red flag, command roles, termination. Order-safe like <see cref="CaseUpdatedHandler"/>: each value remembers the
/// sequence of the update that set it, so an older update delivered late leaves the newer value alone; a redelivery
/// changes nothing (the timeline entry is keyed by the message). Once the emergency is over (declared over, or
/// closed), the cases held back for it go on to their recovery follow-up (<see cref="HeldCases"/>), on a redelivery too.
/// </summary>
public sealed class EmergencyUpdatedHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, HeldCases held) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.EmergencyUpdated];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var p = message.Payload;
        if (p.GetValueOrDefault("caseId") is not string caseId)
            return;
        if (await ApplyAsync(message, caseId, cancellationToken))
            await held.ReleaseAsync(caseId, cancellationToken);
    }

    // True when the emergency is over once the update is applied.
    private async Task<bool> ApplyAsync(OutboxMessage message, string caseId, CancellationToken cancellationToken)
    {
        var p = message.Payload;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var emergency = await db.Emergencies.FirstOrDefaultAsync(e => e.CaseId == caseId, cancellationToken);
            var owner = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            if (emergency is null || owner is null)
                return false;
            var sequences = new Dictionary<string, long>(emergency.WorkflowUpdateSequences, StringComparer.Ordinal);
            var changes = new List<string>();
            var overtaken = new List<string>();
            if (p.GetValueOrDefault("stage") is string s && Enum.TryParse<EmergencyStage>(s, true, out var stage) && Enum.IsDefined(stage))
            {
                if (!WorkflowUpdateOrder.Claim(sequences, message, "stage"))
                {
                    overtaken.Add($"stage {stage}");
                }
                else if (stage != emergency.Stage)
                {
                    changes.Add($"stage {emergency.Stage} → {stage}");
                    emergency.Stage = stage;
                    var status = StatusOf(stage);
                    if (owner.Status != status)
                    {
                        owner.Status = status;
                        if (status == CaseStatus.Closed)
                            owner.ClosedAt ??= message.CreatedAt;
                        owner.UpdatedAt = message.CreatedAt > owner.UpdatedAt ? message.CreatedAt : owner.UpdatedAt;
                        owner.Revision++;
                    }
                }
            }

            if (p.GetValueOrDefault("level") is string l && Enum.TryParse<ResponseLevel>(l, false, out var level) && Enum.IsDefined(level) && !int.TryParse(l, out _))
            {
                if (!WorkflowUpdateOrder.Claim(sequences, message, "level"))
                {
                    overtaken.Add($"level {level}");
                }
                else if (level != emergency.Level)
                {
                    changes.Add($"level {(emergency.Level is { } before ? before.ToString() : "none")} → {level}");
                    emergency.Level = level;
                }
            }

            if (p.GetValueOrDefault("red") is string r && bool.TryParse(r, out var red))
            {
                if (!WorkflowUpdateOrder.Claim(sequences, message, "red"))
                {
                    overtaken.Add(red ? "red" : "not red");
                }
                else if (red != emergency.Red)
                {
                    changes.Add(red ? "red-level response: management intervenes" : "red flag lifted");
                    emergency.Red = red;
                }
            }

            if (p.GetValueOrDefault("terminate") is true && emergency.TerminatedAt is null)
            {
                emergency.TerminatedAt = message.CreatedAt;
                changes.Add("emergency declared over");
            }

            if (Roles(p.GetValueOrDefault("command")) is { Count: > 0 } roles)
                await AssignAsync(db, caseId, roles, message, changes, cancellationToken);

            if (overtaken.Count > 0)
                changes.Add("not applied, a later update already set " + string.Join(", ", overtaken));
            var note = p.GetValueOrDefault("note") as string;
            if (changes.Count == 0 && note is null)
                return HeldCases.IsOver(emergency);
            emergency.WorkflowUpdateSequences = sequences;
            if (message.CreatedAt > emergency.UpdatedAt)
                emergency.UpdatedAt = message.CreatedAt;
            emergency.Revision++;
            await Timeline.AddOnceAsync(db, new TimelineEntry
            {
                CaseId = caseId,
                At = message.CreatedAt,
                Kind = TimelineKind.Emergency,
                Title = note ?? string.Join("; ", changes),
                Detail = note is null ? null : string.Join("; ", changes),
                SourceId = "set-emergency:" + message.Id,
            }, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return HeldCases.IsOver(emergency);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Someone changed the emergency or its case at the same moment (a report, another update): again on fresh rows.
            }
        }
    }

    /// <summary>The case's status while the emergency is at a stage: new while a warning, in progress until closed.</summary>
    public static CaseStatus StatusOf(EmergencyStage stage) => stage switch
    {
        EmergencyStage.Warning => CaseStatus.New,
        EmergencyStage.Closed => CaseStatus.Closed,
        _ => CaseStatus.InProgress,
    };

    private static Dictionary<string, string> Roles(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.Where(e => e.Value is not null && e.Value.ToString()!.Trim().Length > 0).ToDictionary(e => e.Key, e => e.Value!.ToString()!.Trim(), StringComparer.Ordinal),
        IDictionary<string, object?> map => map.Where(e => e.Value is not null && e.Value.ToString()!.Trim().Length > 0).ToDictionary(e => e.Key, e => e.Value!.ToString()!.Trim(), StringComparer.Ordinal),
        _ => [],
    };

    // A holder is named by person id or user name; someone the organisation does not know is noted, not assigned
    // (the workflow has moved on: refusing now would lose the rest of the update).
    private static async Task AssignAsync(CaseFlowDbContext db, string caseId, Dictionary<string, string> roles, OutboxMessage message, List<string> changes, CancellationToken cancellationToken)
    {
        var names = roles.Values.ToList();
        var people = await db.People.AsNoTracking().Where(x => names.Contains(x.Id) || (x.UserName != null && names.Contains(x.UserName))).ToListAsync(cancellationToken);
        var current = await db.CommandRoles.Where(x => x.CaseId == caseId).ToDictionaryAsync(x => x.Role, StringComparer.Ordinal, cancellationToken);
        foreach (var (role, holder) in roles.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var person = people.FirstOrDefault(x => x.Id == holder) ?? people.FirstOrDefault(x => x.UserName == holder);
            if (person is null)
            {
                changes.Add($"{role}: no person '{holder}' in the organisation, not assigned");
                continue;
            }

            if (current.TryGetValue(role, out var existing))
            {
                if (existing.PersonId == person.Id)
                    continue;
                existing.PersonId = person.Id;
                existing.AssignedAt = message.CreatedAt;
                existing.AssignedBy = "workflow";
            }
            else
            {
                db.CommandRoles.Add(new CommandRole { CaseId = caseId, Role = role, PersonId = person.Id, AssignedAt = message.CreatedAt, AssignedBy = "workflow" });
            }

            changes.Add($"{role}: {person.Name}");
        }
    }
}
