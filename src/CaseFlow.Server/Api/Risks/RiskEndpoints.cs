using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Risks;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Risks;

/// <summary>A risk as the API takes it: category (technical, operational, legalRegulatory, market, customer), grade 1–5.</summary>
public sealed record SaveRiskRequest(string? Title, string? Description, string? Category, int? Grade, string? SpecialPlan, string? Owner, long? Revision);

/// <summary>A risk with the strategy its grade calls for, and what the grade asks (a special plan; activation).</summary>
public sealed record RiskDto
{
    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public RiskCategory Category { get; init; }
    public int Grade { get; init; }
    public string Strategy { get; init; } = "";
    public bool RequiresSpecialPlan { get; init; }
    public string? SpecialPlan { get; init; }

    /// <summary>True for an extraordinarily major risk whose plan is not activated yet: <c>POST .../activate</c>.</summary>
    public bool OffersActivation { get; init; }

    public string? EmergencyCaseId { get; init; }
    public string? Owner { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Revision { get; init; }
}

public sealed class RiskProfile : Profile
{
    public RiskProfile() =>
        CreateMap<RiskView, RiskDto>()
            .ForMember(d => d.Id, o => o.MapFrom(s => s.Risk.Id))
            .ForMember(d => d.Title, o => o.MapFrom(s => s.Risk.Title))
            .ForMember(d => d.Description, o => o.MapFrom(s => s.Risk.Description))
            .ForMember(d => d.Category, o => o.MapFrom(s => s.Risk.Category))
            .ForMember(d => d.Grade, o => o.MapFrom(s => (int)s.Risk.Grade))
            .ForMember(d => d.SpecialPlan, o => o.MapFrom(s => s.Risk.SpecialPlan))
            .ForMember(d => d.EmergencyCaseId, o => o.MapFrom(s => s.Risk.EmergencyCaseId))
            .ForMember(d => d.Owner, o => o.MapFrom(s => s.Risk.Owner))
            .ForMember(d => d.CreatedBy, o => o.MapFrom(s => s.Risk.CreatedBy))
            .ForMember(d => d.CreatedAt, o => o.MapFrom(s => s.Risk.CreatedAt))
            .ForMember(d => d.UpdatedAt, o => o.MapFrom(s => s.Risk.UpdatedAt))
            .ForMember(d => d.Revision, o => o.MapFrom(s => s.Risk.Revision));
}

/// <summary>The risk register (E21): five categories, five grades, the grade's strategy; grade 5 activates the emergency plan.</summary>
public static class RiskEndpoints
{
    public static IEndpointRouteBuilder MapRiskEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/risks").WithTags("Risks");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ReadRisks)
            .WithSummary("The risk register, highest grade first; category filters it")
            .Produces<IReadOnlyList<RiskDto>>().ProducesValidationProblem();
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.ManageRisks)
            .WithSummary("Record a risk: one of five categories, one of five grades (a significant risk, grade 3, needs its special plan)")
            .Produces<RiskDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(Policies.ManageRisks)
            .WithSummary("Change a risk (give the revision read: a stale one is 409)")
            .Produces<RiskDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/activate", ActivateAsync).RequireAuthorization(Policies.ManageRisks)
            .WithSummary("Activate the emergency plan for an extraordinarily major risk (grade 5): raises an emergency, once")
            .Produces<RiskDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<List<RiskDto>>> ListAsync(string? category, RiskRegister register, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var parsed = QueryValues.Enum<RiskCategory>(category, "category", errors);
        errors.ThrowIfAny();
        return TypedResults.Ok(mapper.Map<List<RiskDto>>(await register.ListAsync(parsed, cancellationToken)));
    }

    private static async Task<Created<RiskDto>> CreateAsync(SaveRiskRequest? body, RiskRegister register, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var saved = await register.SaveAsync(Command(null, body, http), cancellationToken);
        return TypedResults.Created($"/api/risks/{saved.Risk.Id}", mapper.Map<RiskDto>(saved));
    }

    private static async Task<Ok<RiskDto>> UpdateAsync(string id, SaveRiskRequest? body, RiskRegister register, IMapper mapper, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<RiskDto>(await register.SaveAsync(Command(id, body, http), cancellationToken)));

    private static async Task<Ok<RiskDto>> ActivateAsync(string id, RiskRegister register, IMapper mapper, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<RiskDto>(await register.ActivateAsync(id, http.User.ToActor(), cancellationToken)));

    private static SaveRisk Command(string? id, SaveRiskRequest? body, HttpContext http) =>
        new(id, body?.Title, body?.Description, body?.Category, body?.Grade, body?.SpecialPlan, body?.Owner, body?.Revision, http.User.ToActor());
}
