using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Organisation;

/// <summary>The organisation: departments, people with their superiors (the escalation chain) and the staff reserve pool.</summary>
public static class OrganisationEndpoints
{
    /// <summary>
    /// The directory's query string, read as text so a bad value is refused by name: <c>department</c> (an id),
    /// <c>position</c>, <c>reserve</c> (true: the reserve pool, false: regular staff), <c>active</c> (default true;
    /// <c>all</c> for both), <c>search</c> (name, user name, email or phone), <c>page</c>, <c>pageSize</c>.
    /// </summary>
    public sealed record PeopleParameters(string? Department, string? Position, string? Reserve, string? Active, string? Search, string? Page, string? PageSize);

    public static IEndpointRouteBuilder MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/organisation").WithTags("Organisation");
        group.MapGet("/departments", ListDepartmentsAsync).RequireAuthorization(Policies.ReadOrganisation)
            .WithSummary("Every department with its head and its number of active people (inactive ones too, marked)")
            .Produces<IReadOnlyList<DepartmentDto>>();
        group.MapPut("/departments/{id}", SaveDepartmentAsync).RequireAuthorization(Policies.ManageOrganisation)
            .WithSummary("Create or update a department")
            .WithDescription("Answers 201 when the id is new, 200 otherwise. The head must be an active person of the department; a department with active people cannot be deactivated (409).")
            .Produces<DepartmentDto>().Produces<DepartmentDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/people", ListPeopleAsync).RequireAuthorization(Policies.ReadOrganisation)
            .WithSummary("The organisation's people by name, one page at a time; reserve=true lists the staff reserve pool")
            .Produces<Paged<PersonDto>>().ProducesValidationProblem();
        group.MapGet("/people/{id}", GetPersonAsync).RequireAuthorization(Policies.ReadOrganisation)
            .WithSummary("A person with their escalation chain (active superiors, nearest first) and direct reports")
            .Produces<PersonDetailsDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/people", CreatePersonAsync).RequireAuthorization(Policies.ManageOrganisation)
            .WithSummary("Add a person (regular staff or reserve pool)")
            .Produces<PersonDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPut("/people/{id}", UpdatePersonAsync).RequireAuthorization(Policies.ManageOrganisation)
            .WithSummary("Replace a person's details (department, position, superior, user, contact, reserve pool, active)")
            .WithDescription("The superior may not report, directly or not, to the person. Someone made inactive stays in the history; escalations pass over them to the next level up.")
            .Produces<PersonDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/windows", ListWindowsAsync).RequireAuthorization(Policies.ReadOrganisation)
            .WithSummary("The service windows with their agents, how many are certified, and a staffing warning when fewer than the minimum (2) are")
            .Produces<List<ServiceWindowDto>>();
        group.MapPut("/windows/{id}", SaveWindowAsync).RequireAuthorization(Policies.ManageOrganisation)
            .WithSummary("Create or replace a service window (name, channel, the people who staff it)")
            .WithDescription("Saved even when short of certified agents: the answer then carries the staffing warning.")
            .Produces<ServiceWindowDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<List<ServiceWindowDto>>> ListWindowsAsync(ServiceWindows windows, IMapper mapper, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<List<ServiceWindowDto>>(await windows.ListAsync(cancellationToken)));

    private static async Task<Ok<ServiceWindowDto>> SaveWindowAsync(string id, SaveServiceWindowRequest? body, ServiceWindows windows, IMapper mapper, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<ServiceWindowDto>(await windows.SaveAsync(new SaveServiceWindow(id, body?.Name, body?.Channel, body?.AgentIds, body?.Active, body?.Revision, http.User.ToActor()), cancellationToken)));

    private static async Task<Ok<List<DepartmentDto>>> ListDepartmentsAsync(ListDepartmentsHandler list, IMapper mapper, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<List<DepartmentDto>>(await list.HandleAsync(cancellationToken)));

    private static async Task<Results<Ok<DepartmentDto>, Created<DepartmentDto>>> SaveDepartmentAsync(
        string id, SaveDepartmentRequest? body, SaveDepartmentHandler save, IMapper mapper, CancellationToken cancellationToken)
    {
        var (department, created) = await save.HandleAsync(new SaveDepartment(id, body?.Name, body?.Layer, body?.HeadId, body?.Active, body?.Revision), cancellationToken);
        var dto = mapper.Map<DepartmentDto>(department);
        return created ? TypedResults.Created($"/api/organisation/departments/{Uri.EscapeDataString(department.Id)}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Ok<Paged<PersonDto>>> ListPeopleAsync([AsParameters] PeopleParameters query, ListPeopleHandler list, IMapper mapper, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var position = QueryValues.Enum<Position>(query.Position, "position", errors);
        var reserve = QueryValues.Bool(query.Reserve, "reserve", errors);
        var active = string.Equals(query.Active, "all", StringComparison.OrdinalIgnoreCase) ? (bool?)null : QueryValues.Bool(query.Active, "active", errors) ?? true;
        var (page, pageSize) = QueryValues.Paging(query.Page, query.PageSize, errors);
        errors.ThrowIfAny();
        var found = await list.HandleAsync(new ListPeople(query.Department, position, reserve, active, query.Search?.Trim(), page, pageSize), cancellationToken);
        return TypedResults.Ok(new Paged<PersonDto>(mapper.Map<List<PersonDto>>(found.Items), found.Total, found.Page, found.PageSize));
    }

    private static async Task<Ok<PersonDetailsDto>> GetPersonAsync(string id, GetPersonHandler get, IMapper mapper, CancellationToken cancellationToken)
    {
        var details = await get.HandleAsync(id, cancellationToken);
        return TypedResults.Ok(mapper.Map<PersonDetailsDto>(details.Person) with
        {
            Superiors = mapper.Map<List<PersonDto>>(details.Superiors),
            DirectReports = mapper.Map<List<PersonDto>>(details.DirectReports),
        });
    }

    private static async Task<Created<PersonDto>> CreatePersonAsync(SavePersonRequest? body, SavePersonHandler save, IMapper mapper, CancellationToken cancellationToken)
    {
        var person = await save.HandleAsync(ToCommand(null, body), cancellationToken);
        return TypedResults.Created($"/api/organisation/people/{Uri.EscapeDataString(person.Id)}", mapper.Map<PersonDto>(person));
    }

    private static async Task<Ok<PersonDto>> UpdatePersonAsync(string id, SavePersonRequest? body, SavePersonHandler save, IMapper mapper, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<PersonDto>(await save.HandleAsync(ToCommand(id, body), cancellationToken)));

    private static SavePerson ToCommand(string? id, SavePersonRequest? body) =>
        new(id, body?.Name, body?.DepartmentId, body?.Position, body?.SuperiorId, body?.UserName, body?.Email, body?.Phone, body?.Reserve, body?.Active, body?.Revision) { Certified = body?.Certified };
}
