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
        return app;
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
