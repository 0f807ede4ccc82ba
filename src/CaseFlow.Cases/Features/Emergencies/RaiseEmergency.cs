using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>
/// An employee's report of an emergency or a warning sign (E1): the event type (a configured key), what is happening,
/// when it started (default: now), the scope and the departments involved as far as known.
/// </summary>
public sealed record RaiseEmergency(string? EventType, string? Description, DateTimeOffset? OccurredAt, string? Scope, IReadOnlyList<string>? Departments, Actor Actor, bool IsDrill = false)
{
    /// <summary>For an emergency raised by CaseFlow itself: what raised it (see <see cref="Emergency.TriggerKey"/>); a second raise with the key returns the first.</summary>
    public string? TriggerKey { get; init; }

    /// <summary>Cases to link to it from the start (the complaints that raised it), with the reason.</summary>
    public IReadOnlyList<string>? LinkedCaseIds { get; init; }

    public string? LinkReason { get; init; }
}

/// <summary>
/// Opens an emergency at the warning stage: a case of type emergency (no customer, channel internal) with its
/// details, the level its event type suggests and its red flag, and starts the emergency workflow for it (which
/// routes the report to the reporter's department head and on to the general manager). Like intake, the case row
/// commits first and the workflow starts under a fixed instance id, so the start-up recovery can finish a start
/// that a crash interrupted, and never starts two.
/// </summary>
public sealed class RaiseEmergencyHandler(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    EfWorkflowDefinitionStore definitions,
    CreateCaseHandler cases,
    EscalationChain organisation,
    IOptions<EmergencyOptions> options,
    IOptions<CaseOptions> caseOptions,
    TimeProvider clock)
{
    /// <summary>How far ahead of the server's clock an occurrence time may be (clocks of reporters' devices drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<(Case Case, Emergency Emergency)> HandleAsync(RaiseEmergency command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var eventType = command.EventType?.Trim();
        EventTypeOptions? type = null;
        if (string.IsNullOrEmpty(eventType))
            errors.Add("eventType", $"eventType is required: one of {string.Join(", ", settings.EventTypes.Keys)}.");
        else if (!settings.EventTypes.TryGetValue(eventType, out type))
            errors.Add("eventType", $"'{eventType}' is not an event type: one of {string.Join(", ", settings.EventTypes.Keys)}.");
        var description = command.Description?.Trim();
        if (string.IsNullOrEmpty(description))
            errors.Add("description", "Describe what is happening.");
        else if (description.Length > 4000)
            errors.Add("description", "description is at most 4000 characters.");
        var occurredAt = command.OccurredAt ?? now;
        if (occurredAt > now + ClockSkew)
            errors.Add("occurredAt", "occurredAt is in the future.");
        var scope = command.Scope?.Trim();
        if (scope is { Length: > 4000 })
            errors.Add("scope", "scope is at most 4000 characters.");
        var departments = (command.Departments ?? []).Select(d => d?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.Departments.AsNoTracking().Where(d => departments.Contains(d.Id) && d.Active).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var unknown in departments.Except(known, StringComparer.Ordinal))
            errors.Add("departments", $"No active department '{unknown}'.");
        errors.ThrowIfAny();

        var workflowId = settings.Workflow;
        var definition = await definitions.FindPublishedAsync(workflowId, cancellationToken)
            ?? throw new ConflictException($"No published workflow '{workflowId}' handles emergencies");
        var reporter = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.UserName == command.Actor.UserName && p.Active, cancellationToken);

        var id = Guid.CreateVersion7().ToString("N");
        var created = new Case
        {
            Id = id,
            Number = "",
            Type = CaseType.Emergency,
            Channel = CaseChannel.Internal,
            Description = description!,
            Category = eventType,
            Priority = type!.Red || type.SuggestedLevel is ResponseLevel.I ? CasePriority.Urgent : CasePriority.High,
            Status = CaseStatus.New,
            IsDrill = command.IsDrill,
            WorkflowDefinitionId = definition.DefinitionId,
            WorkflowInstanceId = CreateCaseHandler.InstanceIdFor(id),
            CreatedBy = command.Actor.UserName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var emergency = new Emergency
        {
            CaseId = id,
            EventType = eventType!,
            OccurredAt = occurredAt,
            ReportedBy = command.Actor.UserName,
            ReporterPersonId = reporter?.Id,
            SuggestedLevel = type.SuggestedLevel,
            Red = type.Red,
            Stage = EmergencyStage.Warning,
            Scope = string.IsNullOrEmpty(scope) ? null : scope,
            Departments = departments,
            UpdatedAt = now,
            Revision = 1,
        };
        if (command.TriggerKey is { } key)
        {
            emergency.TriggerKey = key;
            if (await ExistingAsync(db, key, cancellationToken) is { } raised)
                return raised;
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            created.Number = await NumberAsync(db, cancellationToken);
            db.Cases.Add(created);
            db.Emergencies.Add(emergency);
            foreach (var linked in (command.LinkedCaseIds ?? []).Distinct(StringComparer.Ordinal))
                db.CaseLinks.Add(new CaseLink { CaseId = id, LinkedCaseId = linked, Reason = command.LinkReason ?? "linked when raised", LinkedBy = command.Actor.UserName, LinkedAt = now });
            db.Timeline.Add(new TimelineEntry
            {
                CaseId = id,
                At = now,
                Kind = TimelineKind.Emergency,
                Title = $"{(command.IsDrill ? "Drill: " : "")}Emergency reported: {eventType}" + (type.SuggestedLevel is { } level ? $" (suggested level {level})" : "") + (type.Red ? ", red" : ""),
                Actor = command.Actor.UserName,
                Detail = description,
                SourceId = "reported",
                Code = command.IsDrill ? "drillEmergencyReported" : "emergencyReported",
                Args = new() { ["eventType"] = eventType ?? "", ["suggestedLevel"] = type.SuggestedLevel?.ToString() ?? "", ["red"] = type.Red ? "true" : "" },
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                foreach (var linked in (command.LinkedCaseIds ?? []).Distinct(StringComparer.Ordinal))
                    await TaskCaseFacts.RefreshAsync(db, linked, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (command.TriggerKey is not null)
            {
                // The same trigger raised it at the same moment (another sweep, another node): that one stands.
                if (await ExistingAsync(dbFactory, command.TriggerKey, cancellationToken) is { } raised)
                    return raised;
                throw;
            }
        }

        await cases.StartWorkflowAsync(created, definition, cancellationToken, await WorkflowInputAsync(emergency, organisation, cancellationToken));
        return (created, emergency);
    }

    /// <summary>
    /// What the emergency workflow starts with beside the case's own input: the event, the suggested level, the red
    /// flag, when it happened, and who the report goes to (the reporter's department head, then the general manager;
    /// their user names, where the organisation knows them; the centre's general manager when the reporter's chain has
    /// none). The start-up recovery builds the same input for a start a crash interrupted.
    /// </summary>
    public static async Task<Dictionary<string, object?>> WorkflowInputAsync(Emergency emergency, EscalationChain organisation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emergency);
        ArgumentNullException.ThrowIfNull(organisation);
        var chain = emergency.ReporterPersonId is { } reporter ? await organisation.SuperiorsOfAsync(reporter, cancellationToken) : [];
        var generalManager = chain.FirstOrDefault(p => p.Position == Position.GeneralManager) ?? await organisation.GeneralManagerAsync(cancellationToken);
        return new Dictionary<string, object?>
        {
            ["eventType"] = emergency.EventType,
            ["suggestedLevel"] = emergency.SuggestedLevel?.ToString(),
            ["red"] = emergency.Red,
            ["occurredAt"] = emergency.OccurredAt,
            ["reportedBy"] = emergency.ReportedBy,
            ["departmentHead"] = chain.FirstOrDefault(p => p.Position == Position.DepartmentHead)?.UserName,
            ["generalManager"] = generalManager?.UserName,
        };
    }

    private static async Task<(Case Case, Emergency Emergency)?> ExistingAsync(CaseFlowDbContext db, string key, CancellationToken cancellationToken)
    {
        var emergency = await db.Emergencies.AsNoTracking().FirstOrDefaultAsync(e => e.TriggerKey == key, cancellationToken);
        if (emergency is null)
            return null;
        return (await db.Cases.AsNoTracking().FirstAsync(c => c.Id == emergency.CaseId, cancellationToken), emergency);
    }

    private static async Task<(Case Case, Emergency Emergency)?> ExistingAsync(IDbContextFactory<CaseFlowDbContext> factory, string key, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await ExistingAsync(db, key, cancellationToken);
    }

    private async Task<string> NumberAsync(CaseFlowDbContext db, CancellationToken cancellationToken) =>
        await CreateCaseHandler.NextNumberAsync(db, caseOptions.Value.NumberPrefix, cases.IntakeYear(clock.GetUtcNow()), cancellationToken);
}
