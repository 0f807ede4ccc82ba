using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Drills;

/// <summary>
/// Plans an emergency drill: the scenario (D2–D4), the kind (tabletop, live, simulation, comprehensive; default
/// live), when it is planned for, what it is about, and whether it runs the real emergency plan in drill mode
/// (default: every kind but tabletop).
/// </summary>
public sealed record PlanDrill(string? Scenario, string? Kind, DateTimeOffset? PlannedFor, string? Description, bool? RunPlan, Actor Actor)
{
    /// <summary>For a drill a schedule planned: its occurrence (see <see cref="Drill.ScheduleKey"/>); planning it again returns the first.</summary>
    public string? ScheduleKey { get; init; }
}

/// <summary>
/// Opens a drill: a case of type drill (flagged as a drill, no customer, channel internal) with its details, and
/// starts the drill workflow for it, whose first step is the preparation (D8). Like intake, the case row commits
/// first and the workflow starts under a fixed instance id, so the start-up recovery finishes a start that a crash
/// interrupted, and never starts two.
/// </summary>
public sealed class PlanDrillHandler(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    EfWorkflowDefinitionStore definitions,
    CreateCaseHandler cases,
    Organisation.EscalationChain organisation,
    IOptions<DrillOptions> options,
    IOptions<CaseOptions> caseOptions,
    TimeProvider clock)
{
    public async Task<(Case Case, Drill Drill)> HandleAsync(PlanDrill command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var scenario = command.Scenario?.Trim();
        if (string.IsNullOrEmpty(scenario))
            errors.Add("scenario", $"scenario is required: one of {string.Join(", ", settings.Scenarios.Keys)}.");
        else if (!settings.Scenarios.ContainsKey(scenario))
            errors.Add("scenario", $"'{scenario}' is not a drill scenario: one of {string.Join(", ", settings.Scenarios.Keys)}.");
        var kind = EnumInput.Parse<DrillKind>(command.Kind, "kind", errors, required: false) ?? DrillKind.Live;
        var description = command.Description?.Trim();
        if (description is { Length: > 4000 })
            errors.Add("description", "description is at most 4000 characters.");
        if (command.PlannedFor is { } planned && planned < now.AddDays(-1))
            errors.Add("plannedFor", "plannedFor is in the past.");
        errors.ThrowIfAny();

        var workflowId = settings.Workflow;
        var definition = await definitions.FindPublishedAsync(workflowId, cancellationToken)
            ?? throw new ConflictException($"No published workflow '{workflowId}' runs drills");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (command.ScheduleKey is { } key && await ExistingAsync(db, key, cancellationToken) is { } already)
            return already;

        var id = Guid.CreateVersion7().ToString("N");
        var runPlan = command.RunPlan ?? kind != DrillKind.Tabletop;
        var created = new Case
        {
            Id = id,
            Number = "",
            Type = CaseType.Drill,
            Channel = CaseChannel.Internal,
            Description = string.IsNullOrEmpty(description) ? $"{kind} drill: {scenario}" : description,
            Category = scenario,
            Priority = CasePriority.Normal,
            Status = CaseStatus.New,
            IsDrill = true,
            WorkflowDefinitionId = definition.DefinitionId,
            WorkflowInstanceId = CreateCaseHandler.InstanceIdFor(id),
            CreatedBy = command.Actor.UserName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var drill = new Drill { CaseId = id, Scenario = scenario!, Kind = kind, RunPlan = runPlan, PlannedFor = command.PlannedFor, ScheduleKey = command.ScheduleKey, CreatedAt = now };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            created.Number = await CreateCaseHandler.NextNumberAsync(db, caseOptions.Value.NumberPrefix, cases.IntakeYear(now), cancellationToken);
            db.Cases.Add(created);
            db.Drills.Add(drill);
            db.Timeline.Add(new TimelineEntry
            {
                CaseId = id,
                At = now,
                Kind = TimelineKind.Case,
                Title = $"Drill planned: {scenario} ({kind.ToString().ToLowerInvariant()})" + (runPlan ? ", running the emergency plan in drill mode" : ""),
                Code = runPlan ? "drillPlannedWithPlan" : "drillPlanned",
                Args = new() { ["scenario"] = scenario ?? "", ["kind"] = kind.ToString() },
                Actor = command.Actor.UserName,
                Detail = created.Description,
                SourceId = "planned",
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (command.ScheduleKey is not null)
            {
                // The same occurrence planned it at the same moment (another node): that one stands.
                await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (await ExistingAsync(again, command.ScheduleKey, cancellationToken) is { } raced)
                    return raced;
                throw;
            }
        }

        await cases.StartWorkflowAsync(created, definition, cancellationToken, await WorkflowInputAsync(drill, settings, organisation, cancellationToken));
        return (created, drill);
    }

    /// <summary>
    /// What the drill workflow starts with beside the case's own input: the scenario, kind, whether it runs the plan
    /// and as which event type, and the drill's command ([001 篇1 五]): the customer service manager commands, the
    /// general manager leads (user names, where the organisation knows them). The start-up recovery builds the same.
    /// </summary>
    public static async Task<Dictionary<string, object?>> WorkflowInputAsync(Drill drill, DrillOptions settings, Organisation.EscalationChain organisation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drill);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(organisation);
        var commander = await organisation.FirstInAsync(Position.CsManager, cancellationToken);
        var leader = await organisation.GeneralManagerAsync(cancellationToken);
        return new Dictionary<string, object?>
        {
            ["scenario"] = drill.Scenario,
            ["kind"] = drill.Kind.ToString(),
            ["runPlan"] = drill.RunPlan,
            ["eventType"] = settings.Scenarios.TryGetValue(drill.Scenario, out var s) ? s.EventType : "other",
            ["plannedFor"] = drill.PlannedFor,
            ["drillCommander"] = commander?.UserName,
            ["generalManager"] = leader?.UserName,
        };
    }

    private static async Task<(Case Case, Drill Drill)?> ExistingAsync(CaseFlowDbContext db, string key, CancellationToken cancellationToken)
    {
        var drill = await db.Drills.AsNoTracking().FirstOrDefaultAsync(d => d.ScheduleKey == key, cancellationToken);
        if (drill is null)
            return null;
        return (await db.Cases.AsNoTracking().FirstAsync(c => c.Id == drill.CaseId, cancellationToken), drill);
    }
}
