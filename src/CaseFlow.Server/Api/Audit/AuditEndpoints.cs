using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Audit;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Audit;

/// <summary>A read of customer data: who, when, which case or search.</summary>
public sealed record CustomerDataAccessDto(long Id, DateTimeOffset At, string UserName, string Action, string? CaseId, string? CustomerId, string? Detail);

public sealed class AuditProfile : Profile
{
    public AuditProfile() => CreateMap<CustomerDataAccess, CustomerDataAccessDto>();
}

/// <summary>The log of reads of customer data (Q9), for managers.</summary>
public static class AuditEndpoints
{
    /// <summary>The query string, read as text so a bad value is refused by name: <c>user</c>, <c>caseId</c>, <c>customerId</c>, <c>from</c>, <c>to</c> (ISO dates), <c>page</c>, <c>pageSize</c>.</summary>
    public sealed record AccessParameters(string? User, string? CaseId, string? CustomerId, string? From, string? To, string? Page, string? PageSize);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGroup("/api/audit").WithTags("Audit")
            .MapGet("/customer-data", ListAsync).RequireAuthorization(Policies.ReadAudit)
            .WithSummary("Who read which customer's data and when (a case's details, a case search), newest first")
            .Produces<Paged<CustomerDataAccessDto>>().ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<Paged<CustomerDataAccessDto>>> ListAsync([AsParameters] AccessParameters query, CustomerDataAudit audit, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var from = QueryValues.Date(query.From, "from", errors);
        var to = QueryValues.Date(query.To, "to", errors, endOfDay: true);
        var (page, pageSize) = QueryValues.Paging(query.Page, query.PageSize, errors);
        errors.ThrowIfAny();
        var found = await audit.ListAsync(new ListCustomerDataAccess(query.User, query.CaseId, query.CustomerId, from, to, page, pageSize), cancellationToken);
        return TypedResults.Ok(new Paged<CustomerDataAccessDto>(mapper.Map<List<CustomerDataAccessDto>>(found.Items), found.Total, found.Page, found.PageSize));
    }
}
