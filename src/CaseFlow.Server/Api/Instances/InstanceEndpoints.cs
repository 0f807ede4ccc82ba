using System.Globalization;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Server.Auth;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Server.Api.Instances;

/// <summary>Workflow instances: start one, list and inspect them, read their journal, cancel them, retry incidents.</summary>
public static class InstanceEndpoints
{
    private const string Route = "/api/workflow-instances";

    public static IEndpointRouteBuilder MapInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/workflow-definitions/{definitionId}/instances", StartAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithTags("Instances")
            .WithSummary("Start an instance of the published version (or of a given published or retracted version) with input and a correlation id")
            .Produces<InstanceSummary>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var group = app.MapGroup(Route).WithTags("Instances");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ReadHistory)
            .WithSummary("List instances, newest first: filter by definitionId, version, status, subStatus, correlationId (a case's id or number), parentInstanceId (the runs one started), hasIncidents, drill (true: drill runs only; false: none), createdFrom (inclusive) and createdTo (exclusive; a date includes its whole day)")
            .Produces<Paged<InstanceSummary>>().ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ReadHistory)
            .WithSummary("An instance: summary, input, output, variables, bookmarks and incidents")
            .Produces<InstanceDetails>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/journal", JournalAsync).RequireAuthorization(Policies.ReadHistory)
            .WithSummary("The instance's execution journal in order, paged")
            .Produces<Paged<InstanceJournalRecord>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Cancel a running instance")
            .Produces<InstanceSummary>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/incidents/{incidentId}/retry", RetryAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Run the faulted activity of an incident again and let the instance carry on")
            .Produces<InstanceSummary>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> StartAsync(
        string definitionId, StartInstanceRequest? body, EfWorkflowDefinitionStore store, DurableWorkflowRuntime runtime, WorkflowRunnerOptions runnerOptions, IMapper mapper, CancellationToken cancellationToken)
    {
        if (body?.Version is < 1)
            throw ValidationException.For("version", "version starts at 1.");
        var versions = await store.ListVersionsAsync(definitionId, cancellationToken);
        if (versions.Count == 0)
            throw new NotFoundException($"No definition '{definitionId}'.");
        DefinitionVersionInfo chosen;
        if (body?.Version is { } number)
        {
            chosen = versions.FirstOrDefault(v => v.Version == number)
                ?? throw new NotFoundException($"Definition '{definitionId}' has no version {number.ToString(CultureInfo.InvariantCulture)}.");

            // A draft changes in place, under instances that would run it.
            if (chosen.Status == DefinitionStatus.Draft)
                throw new ConflictException($"Version {number.ToString(CultureInfo.InvariantCulture)} of '{definitionId}' is a draft; publish it first.");
        }
        else
        {
            chosen = versions.FirstOrDefault(v => v.IsPublished)
                ?? throw new ConflictException($"Definition '{definitionId}' has no published version; publish it or name a version.");
        }

        // By version id: the engine shares (and compiles once) each immutable version.
        var definition = await store.FindByVersionIdAsync(chosen.VersionId, cancellationToken)
            ?? throw new NotFoundException($"Definition '{definitionId}' has no version {chosen.Version.ToString(CultureInfo.InvariantCulture)}.");
        var input = body?.Input is { } json
            ? new Dictionary<string, object?>((Dictionary<string, object?>)ValueConverter.FromNode(json)!, StringComparer.OrdinalIgnoreCase)
            : null;

        // Inputs are stored with the instance: one the snapshot could not hold is a bad request, not a failed start.
        var errors = new ValidationErrors();
        foreach (var (name, value) in input ?? [])
        {
            if (runnerOptions.StoredValueProblem("Input", name, value) is { } problem)
                errors.Add($"input.{name}", problem);
        }

        errors.ThrowIfAny();
        var state = await runtime.StartAsync(definition, new StartWorkflowOptions
        {
            Input = input,
            CorrelationId = string.IsNullOrWhiteSpace(body?.CorrelationId) ? null : body.CorrelationId,
        }, cancellationToken);
        return Results.Created($"{Route}/{Uri.EscapeDataString(state.Id)}", mapper.Map<InstanceSummary>(state));
    }

    private static async Task<IResult> ListAsync(
        string? definitionId, string? version, string? status, string? subStatus, string? correlationId, string? parentInstanceId, string? hasIncidents, string? drill, string? createdFrom, string? createdTo,
        string? page, string? pageSize, IDbContextFactory<CaseFlowDbContext> dbFactory, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var number = QueryValues.Int(version, "version", errors);
        if (number is < 1)
            errors.Add("version", "version starts at 1.");
        var drills = QueryValues.Bool(drill, "drill", errors);
        var coarse = QueryValues.Enum<WorkflowStatus>(status, "status", errors);
        var fine = QueryValues.Enum<WorkflowSubStatus>(subStatus, "subStatus", errors);
        var incidents = QueryValues.Bool(hasIncidents, "hasIncidents", errors);
        var from = QueryValues.Date(createdFrom, "createdFrom", errors);
        var to = QueryValues.Date(createdTo, "createdTo", errors, endOfDay: true);
        if (from is not null && to is not null && to <= from)
            errors.Add("createdTo", "createdTo must be after createdFrom.");
        var (pageNumber, size) = Paging.Read(QueryValues.Int(page, "page", errors), QueryValues.Int(pageSize, "pageSize", errors), errors);
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WorkflowInstances.AsNoTracking();
        if (!string.IsNullOrEmpty(definitionId))
            query = query.Where(i => i.DefinitionId == definitionId);
        if (coarse is { } s)
            query = query.Where(i => i.Status == s);
        if (fine is { } f)
            query = query.Where(i => i.SubStatus == f);
        if (number is { } v)
            query = query.Where(i => i.Version == v);
        if (!string.IsNullOrEmpty(parentInstanceId))
            query = query.Where(i => i.ParentInstanceId == parentInstanceId);
        if (!string.IsNullOrEmpty(correlationId))
        {
            // A case's runs are correlated by its id; people know it by its number.
            var caseId = await db.Cases.AsNoTracking().Where(c => c.Number == correlationId).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken) ?? correlationId;
            query = query.Where(i => i.CorrelationId == caseId);
        }

        if (drills is { } onlyDrills)
            query = onlyDrills
                ? query.Where(i => db.Cases.Any(c => c.WorkflowInstanceId == i.Id && c.IsDrill))
                : query.Where(i => !db.Cases.Any(c => c.WorkflowInstanceId == i.Id && c.IsDrill));
        if (incidents is { } withIncidents)
            query = withIncidents ? query.Where(i => i.IncidentCount > 0) : query.Where(i => i.IncidentCount == 0);
        if (from is { } lower)
            query = query.Where(i => i.CreatedAt >= lower);
        if (to is { } upper)
            query = query.Where(i => i.CreatedAt < upper);

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip(QueryValues.Skip(pageNumber, size)).Take(size)
            .ProjectTo<InstanceSummary>(mapper.ConfigurationProvider)
            .ToListAsync(cancellationToken);
        return Results.Ok(new Paged<InstanceSummary>(items, total, pageNumber, size));
    }

    private static async Task<IResult> GetAsync(string id, IWorkflowInstanceStore store, IMapper mapper, CancellationToken cancellationToken)
    {
        var stored = await store.FindAsync(id, cancellationToken) ?? throw NoInstance(id);
        return Results.Ok(mapper.Map<InstanceDetails>(stored.Snapshot));
    }

    private static async Task<IResult> JournalAsync(
        string id, string? page, string? pageSize, IDbContextFactory<CaseFlowDbContext> dbFactory, DurableWorkflowRuntime runtime, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Read(QueryValues.Int(page, "page", errors), QueryValues.Int(pageSize, "pageSize", errors), errors);
        errors.ThrowIfAny();

        int total;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.WorkflowInstances.AnyAsync(i => i.Id == id, cancellationToken))
                throw NoInstance(id);
            total = await db.JournalBursts.Where(j => j.InstanceId == id).SumAsync(j => j.RecordCount, cancellationToken);
        }

        var records = await runtime.GetJournalAsync(id, QueryValues.Skip(pageNumber, size), size, cancellationToken);
        return Results.Ok(new Paged<InstanceJournalRecord>(mapper.Map<List<InstanceJournalRecord>>(records), total, pageNumber, size));
    }

    private static async Task<IResult> CancelAsync(string id, DurableWorkflowRuntime runtime, IMapper mapper, CancellationToken cancellationToken)
    {
        var cancelled = await runtime.CancelAsync(id, cancellationToken);
        var stored = await runtime.Store.FindAsync(id, cancellationToken) ?? throw NoInstance(id);
        if (!cancelled)
            throw new ConflictException($"Instance {id} has already finished ({stored.Snapshot.State.SubStatus}).");
        return Results.Ok(mapper.Map<InstanceSummary>(stored.Snapshot.State));
    }

    private static async Task<IResult> RetryAsync(string id, string incidentId, DurableWorkflowRuntime runtime, IMapper mapper, CancellationToken cancellationToken)
    {
        var stored = await runtime.Store.FindAsync(id, cancellationToken) ?? throw NoInstance(id);
        if (stored.Snapshot.State.Incidents.All(i => i.Id != incidentId))
            throw NoIncident(id, incidentId);
        bool retried;
        try
        {
            retried = await runtime.RetryIncidentAsync(id, incidentId, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            throw NoIncident(id, incidentId);
        }
        catch (InvalidOperationException ex)
        {
            // The incident's activity is no longer faulted, or its definition version is gone: nothing to re-run.
            throw new ConflictException(ex.Message);
        }

        // False: another caller retried or removed it between the check and the retry.
        if (!retried)
            throw NoIncident(id, incidentId);
        var after = await runtime.Store.FindAsync(id, cancellationToken) ?? throw NoInstance(id);
        return Results.Ok(mapper.Map<InstanceSummary>(after.Snapshot.State));
    }

    private static NotFoundException NoInstance(string id) => new($"No workflow instance '{id}'.");

    private static NotFoundException NoIncident(string id, string incidentId) => new($"Instance {id} has no incident '{incidentId}'.");
}
