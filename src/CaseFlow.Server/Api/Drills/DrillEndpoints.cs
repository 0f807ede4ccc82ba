using AutoMapper;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Drills;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Drills;

/// <summary>Drills: planning one (its workflow starts with the preparation), the list, one with its steps, score and report.</summary>
public static class DrillEndpoints
{
    /// <summary>The list's query string, read as text so a bad value is refused by name: <c>year</c>, <c>scenario</c>, <c>page</c>, <c>pageSize</c>.</summary>
    public sealed record DrillParameters(string? Year, string? Scenario, string? Page, string? PageSize);

    public static IEndpointRouteBuilder MapDrillEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/drills").WithTags("Drills");
        group.MapPost("", PlanAsync).RequireAuthorization(Policies.PlanDrills)
            .WithSummary("Plan an emergency drill: opens it and starts the drill workflow at its preparation")
            .WithDescription("Everything the drill does is flagged as a drill; unless it is a tabletop drill (or runPlan is false) it also runs the real emergency plan on a drill emergency. 409 when no drill workflow is published.")
            .Produces<DrillDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ReadDrills)
            .WithSummary("Drills, newest first; by year and scenario")
            .Produces<Paged<DrillDto>>().ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ReadDrills)
            .WithSummary("A drill by case id or number: its steps with their times, its run of the plan and score, and its summary report")
            .Produces<DrillDetailsDto>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<DrillDto>> PlanAsync(PlanDrillRequest? body, PlanDrillHandler plan, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var (planned, drill) = await plan.HandleAsync(new PlanDrill(body?.Scenario, body?.Kind, body?.PlannedFor, body?.Description, body?.RunPlan, http.User.ToActor()), cancellationToken);
        return TypedResults.Created($"/api/drills/{Uri.EscapeDataString(planned.Id)}", mapper.Map<DrillDto>(new DrillSummary(planned, drill)));
    }

    private static async Task<Ok<Paged<DrillDto>>> ListAsync([AsParameters] DrillParameters query, ListDrillsHandler list, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var year = QueryValues.Int(query.Year, "year", errors);
        if (year is < 2000 or > 9999)
            errors.Add("year", $"year is a calendar year (2000 to 9999), not {year}.");
        var (page, pageSize) = QueryValues.Paging(query.Page, query.PageSize, errors);
        errors.ThrowIfAny();
        var found = await list.HandleAsync(new ListDrills(year, query.Scenario, page, pageSize), cancellationToken);
        return TypedResults.Ok(new Paged<DrillDto>(mapper.Map<List<DrillDto>>(found.Items), found.Total, found.Page, found.PageSize));
    }

    private static async Task<Ok<DrillDetailsDto>> GetAsync(string id, GetDrillHandler get, IMapper mapper, CancellationToken cancellationToken)
    {
        var details = await get.HandleAsync(id, cancellationToken);
        return TypedResults.Ok(mapper.Map<DrillDetailsDto>(new DrillSummary(details.Case, details.Drill)) with
        {
            Steps = mapper.Map<List<DrillStepDto>>(details.Steps),
            PlanRunId = details.PlanRun?.Id,
            PlanRunNumber = details.PlanRun?.Number,
            PlanRunStage = details.PlanEmergency?.Stage,
            Milestones = mapper.Map<List<DrillMilestoneDto>>(details.Milestones),
            Report = DrillReport.Compose(details),
        });
    }
}
