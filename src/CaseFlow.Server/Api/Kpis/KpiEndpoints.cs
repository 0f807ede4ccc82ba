using AutoMapper;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Kpis;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Kpis;

/// <summary>The service centre's KPIs for managers and supervisors.</summary>
public static class KpiEndpoints
{
    public static IEndpointRouteBuilder MapKpiEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/kpis", GetAsync).RequireAuthorization(Policies.ReadKpis)
            .WithTags("KPIs")
            .WithSummary("Volume, SLA compliance, first-contact resolution, CSAT and its trend, complaint hot spots, emergencies by level, drill scores of a period (default: the last 30 days), and the backlog now")
            .WithDescription("from and to take a date (yyyy-MM-dd, UTC) or an ISO 8601 time; a date as to includes that whole day. from after to answers 400. Drills are left out unless drills=true.")
            .Produces<KpiReportDto>().ProducesValidationProblem();
        app.MapGet("/api/workflow-definitions/{definitionId}/heatmap", HeatmapAsync).RequireAuthorization(Policies.ReadHistory)
            .WithTags("KPIs")
            .WithSummary("Per activity of a definition version: executions, waits and average waiting time, runs waiting now, faults, SLA breaches while waiting there, CSAT of the cases that passed it")
            .WithDescription("version defaults to the published one (else the newest); from and to bound the runs' start (default: the last 30 days); drill runs are left out unless drills=true. The newest runs are read, up to CaseFlow:Heatmap:MaxRuns (analysed < runs says so).")
            .Produces<ActivityHeatmapDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<ActivityHeatmapDto>> HeatmapAsync(
        string definitionId, string? version, string? from, string? to, string? drills, ActivityHeatmapQuery heatmaps, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var number = QueryValues.Int(version, "version", errors);
        if (number is < 1)
            errors.Add("version", "version starts at 1.");
        var start = QueryValues.Date(from, "from", errors);
        var end = QueryValues.Date(to, "to", errors, endOfDay: true);
        var includeDrills = QueryValues.Bool(drills, "drills", errors) ?? false;
        errors.ThrowIfAny();
        var heatmap = await heatmaps.RunAsync(definitionId, number, start, end, includeDrills, cancellationToken);
        return TypedResults.Ok(mapper.Map<ActivityHeatmapDto>(heatmap));
    }

    private static async Task<Ok<KpiReportDto>> GetAsync(string? from, string? to, string? drills, KpiQuery kpis, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var start = QueryValues.Date(from, "from", errors);
        var end = QueryValues.Date(to, "to", errors, endOfDay: true);
        var includeDrills = QueryValues.Bool(drills, "drills", errors) ?? false;
        errors.ThrowIfAny();
        var report = await kpis.RunAsync(start, end, includeDrills, cancellationToken);
        return TypedResults.Ok(mapper.Map<KpiReportDto>(report));
    }
}
