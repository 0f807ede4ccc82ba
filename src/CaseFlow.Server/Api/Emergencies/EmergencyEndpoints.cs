using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Emergencies;

/// <summary>Emergencies: reporting one, the list by severity, one with its information reports, and new reports.</summary>
public static class EmergencyEndpoints
{
    /// <summary>
    /// The list's query string, read as text so a bad value is refused by name: <c>stage</c>, <c>level</c> (I–IV),
    /// <c>active</c> (true: not closed), <c>drills</c> (default false; true: drills only; <c>all</c>: both),
    /// <c>page</c>, <c>pageSize</c>.
    /// </summary>
    public sealed record EmergencyParameters(string? Stage, string? Level, string? Active, string? Drills, string? Page, string? PageSize);

    public static IEndpointRouteBuilder MapEmergencyEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/emergencies").WithTags("Emergencies");
        group.MapPost("", RaiseAsync).RequireAuthorization(Policies.RaiseEmergencies)
            .WithSummary("Report an emergency or a warning sign: opens it at the warning stage and starts the emergency workflow")
            .WithDescription("The event type suggests a response level and sets the red flag (data leak, system paralysis); the general manager decides the level at assessment. 409 when no emergency workflow is published.")
            .Produces<EmergencyDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ReadEmergencies)
            .WithSummary("Emergencies, most severe first (red, then level I to IV), then newest; drills only when asked for")
            .Produces<Paged<EmergencyDto>>().ProducesValidationProblem();
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ReadEmergencies)
            .WithSummary("An emergency by case id or number, with its information reports, command and linked cases")
            .Produces<EmergencyDetailsDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/reports", ReportAsync).RequireAuthorization(Policies.ReportEmergencies)
            .WithSummary("Append an information report (event type, occurrence time, departments, scope, cause, measures, follow-up; written or oral; recipients)")
            .WithDescription("Reports are never rewritten: a follow-up is a new report with the next sequence number.")
            .Produces<InformationReportDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<EmergencyDto>> RaiseAsync(RaiseEmergencyRequest? body, RaiseEmergencyHandler raise, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var (raised, emergency) = await raise.HandleAsync(
            new RaiseEmergency(body?.EventType, body?.Description, body?.OccurredAt, body?.Scope, body?.Departments, http.User.ToActor()), cancellationToken);
        return TypedResults.Created($"/api/emergencies/{Uri.EscapeDataString(raised.Id)}", mapper.Map<EmergencyDto>(new EmergencySummary(raised, emergency)));
    }

    private static async Task<Ok<Paged<EmergencyDto>>> ListAsync([AsParameters] EmergencyParameters query, ListEmergenciesHandler list, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var stage = QueryValues.Enum<EmergencyStage>(query.Stage, "stage", errors);
        var level = QueryValues.Enum<ResponseLevel>(query.Level, "level", errors);
        var active = QueryValues.Bool(query.Active, "active", errors);
        var drills = string.Equals(query.Drills, "all", StringComparison.OrdinalIgnoreCase) ? (bool?)null : QueryValues.Bool(query.Drills, "drills", errors) ?? false;
        var (page, pageSize) = QueryValues.Paging(query.Page, query.PageSize, errors);
        errors.ThrowIfAny();
        var found = await list.HandleAsync(new ListEmergencies(stage, level, active, drills, page, pageSize), cancellationToken);
        return TypedResults.Ok(new Paged<EmergencyDto>(mapper.Map<List<EmergencyDto>>(found.Items), found.Total, found.Page, found.PageSize));
    }

    private static async Task<Ok<EmergencyDetailsDto>> GetAsync(string id, GetEmergencyHandler get, IMapper mapper, CancellationToken cancellationToken)
    {
        var details = await get.HandleAsync(id, cancellationToken);
        return TypedResults.Ok(mapper.Map<EmergencyDetailsDto>(new EmergencySummary(details.Case, details.Emergency)) with
        {
            Reports = mapper.Map<List<InformationReportDto>>(details.Reports),
            Command = mapper.Map<List<CommandRoleDto>>(details.Command),
            Links = mapper.Map<List<CaseLinkDto>>(details.Links),
            NextUpdateDueAt = details.NextUpdateDueAt,
        });
    }

    private static async Task<Created<InformationReportDto>> ReportAsync(
        string id, InformationReportRequest? body, GetEmergencyHandler get, SubmitInformationReportHandler submit, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        // By id or number, as the GET: the report is filed on the case id.
        var caseId = await get.FindIdAsync(id, cancellationToken);
        var report = await submit.HandleAsync(
            new SubmitInformationReport(
                caseId, body?.EventType, body?.OccurredAt, body?.Departments, body?.Scope, body?.Cause, body?.Measures, body?.FollowUp, body?.Losses, body?.Form,
                body?.Recipients?.Select(r => new RecipientInput(r?.Kind, r?.Name)).ToList(), http.User.ToActor()),
            cancellationToken);
        return TypedResults.Created($"/api/emergencies/{Uri.EscapeDataString(caseId)}#report-{report.Sequence}", mapper.Map<InformationReportDto>(report));
    }
}
