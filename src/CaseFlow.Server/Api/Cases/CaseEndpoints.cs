using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Api.Tasks;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Api.Cases;

/// <summary>Cases: intake, search, details (tasks, notes, transfers, SLAs, messages, timeline), notes and transfers.</summary>
public static class CaseEndpoints
{
    /// <summary>
    /// The search's query string, read as text so a bad value is refused by name (<see cref="QueryValues"/>).
    /// <c>search</c> matches the number, the customer's name, phone or email, or the description; <c>createdFrom</c>
    /// and <c>createdTo</c> take a date or an ISO 8601 time (UTC unless it has an offset), and a date alone as
    /// <c>createdTo</c> includes that whole day.
    /// </summary>
    public sealed record CaseSearchParameters(
        string? Search,
        string? Status,
        string? Type,
        string? Category,
        string? Owner,
        string? CustomerId,
        string? CreatedFrom,
        string? CreatedTo,
        string? Page,
        string? PageSize);

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/cases").WithTags("Cases");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.WorkCases)
            .WithSummary("File a complaint or inquiry and start its workflow")
            .WithDescription("Answers 201 with the case's location, the case and its workflowInstanceId. A returning customer is recognised by phone or email. With an Idempotency-Key header (1-200 characters), sending the same request again returns the case the first one filed instead of filing another (retry safely after a lost answer).")
            .Produces<CaseDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", SearchAsync).RequireAuthorization(Policies.ReadCases)
            .WithSummary("Search the cases the caller may see (as GET /api/cases/{id}), newest first, one page at a time")
            .Produces<Paged<CaseDto>>().ProducesValidationProblem();
        group.MapGet("/categories", Categories).RequireAuthorization(Policies.ReadCases)
            .WithSummary("The categories a complaint and an inquiry may have (CaseFlow:Cases), for intake forms and filters")
            .Produces<CaseCategoriesDto>();
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ReadCases)
            .WithSummary("A case by id or number, with its customer, tasks, notes, transfers, SLA clocks, messages and timeline")
            .WithDescription("Only a case the caller may see: supervisors, managers and admins see all; an agent sees a case they own or filed, or one with a task that is theirs or available to their roles, and there the form values of other tasks are withheld (dataWithheld). Any other case answers 404, as an unknown one does.")
            .Produces<CaseDetailsDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/notes", AddNoteAsync).RequireAuthorization(Policies.WorkCases)
            .WithSummary("Add a note to a case")
            .Produces<NoteDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/transfer", TransferAsync).RequireAuthorization(Policies.WorkCases)
            .WithSummary("Transfer a case to another owner, with the reason (the owner or a supervisor)")
            .WithDescription("The owner's open tasks on the case move along, and the customer is told of the new handler.")
            .Produces<TransferDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static Ok<CaseCategoriesDto> Categories(IOptions<CaseOptions> options) =>
        TypedResults.Ok(new CaseCategoriesDto(options.Value.ComplaintCategories, options.Value.InquiryCategories));

    private static async Task<Created<CaseDto>> CreateAsync(CreateCaseRequest? body, CreateCaseHandler intake, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var customer = body?.Customer is { } c ? new CustomerInput(c.Name, c.Phone, c.Email, c.Segment) : null;
        var created = await intake.HandleAsync(
            new CreateCase(body?.Type, body?.Channel, customer, body?.Description, body?.Category, body?.Priority, http.User.ToActor(), http.Request.Headers["Idempotency-Key"].FirstOrDefault()),
            cancellationToken);
        return TypedResults.Created($"/api/cases/{Uri.EscapeDataString(created.Id)}", mapper.Map<CaseDto>(created));
    }

    private static async Task<Ok<Paged<CaseDto>>> SearchAsync([AsParameters] CaseSearchParameters query, SearchCasesHandler search, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var status = QueryValues.Enum<CaseStatus>(query.Status, "status", errors);
        var type = QueryValues.Enum<CaseType>(query.Type, "type", errors);
        var from = QueryValues.Date(query.CreatedFrom, "createdFrom", errors);
        var to = QueryValues.Date(query.CreatedTo, "createdTo", errors, endOfDay: true);
        if (from > to)
            errors.Add("createdTo", "createdTo is before createdFrom.");
        var (page, pageSize) = QueryValues.Paging(query.Page, query.PageSize, errors);
        errors.ThrowIfAny();

        var found = await search.HandleAsync(
            new SearchCases(Trimmed(query.Search), status, type, Trimmed(query.Category), Trimmed(query.Owner), Trimmed(query.CustomerId), from, to, page, pageSize),
            http.User.ToActor(),
            cancellationToken);
        return TypedResults.Ok(new Paged<CaseDto>(mapper.Map<List<CaseDto>>(found.Items), found.Total, found.Page, found.PageSize));
    }

    private static async Task<Ok<CaseDetailsDto>> GetAsync(
        string id,
        GetCaseHandler cases,
        NotificationService notifications,
        IDbContextFactory<CaseFlowDbContext> dbFactory,
        IMapper mapper,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        // 404 for a case the reader may not see (CaseVisibility); the messages, SLAs and timeline follow the case.
        var details = await cases.HandleAsync(id, http.User.ToActor(), cancellationToken);
        var caseId = details.Case.Id;
        List<SlaClock> slas;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            slas = await db.SlaClocks.AsNoTracking().Where(c => c.CaseId == caseId).OrderBy(c => c.StartedAt).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var messages = await notifications.ForCaseAsync(caseId, cancellationToken);

        var dto = mapper.Map<CaseDetailsDto>(details.Case) with
        {
            Tasks = [.. mapper.Map<List<TaskDto>>(details.Tasks).Select(t => t with { CaseNumber = details.Case.Number, DataWithheld = details.DataWithheld.Contains(t.Id) })],
            Notes = mapper.Map<List<NoteDto>>(details.Notes),
            Transfers = mapper.Map<List<TransferDto>>(details.Transfers),
            Slas = mapper.Map<List<SlaDto>>(slas),
            Messages = mapper.Map<List<MessageDto>>(messages),
            Timeline = mapper.Map<List<TimelineItemDto>>(details.Timeline),
            Links = mapper.Map<List<LinkedCaseDto>>(details.Links),
        };
        return TypedResults.Ok(dto);
    }

    private static async Task<Created<NoteDto>> AddNoteAsync(
        string id,
        AddNoteRequest? body,
        CaseCommands commands,
        IDbContextFactory<CaseFlowDbContext> dbFactory,
        IMapper mapper,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var caseId = await ResolveIdAsync(dbFactory, id, cancellationToken);
        var note = await commands.AddNoteAsync(new AddNote(caseId, body?.Text, http.User.ToActor()), cancellationToken);

        // A note has no address of its own: it is read with its case.
        return TypedResults.Created($"/api/cases/{Uri.EscapeDataString(caseId)}", mapper.Map<NoteDto>(note));
    }

    private static async Task<Ok<TransferDto>> TransferAsync(
        string id,
        TransferCaseRequest? body,
        CaseCommands commands,
        IDbContextFactory<CaseFlowDbContext> dbFactory,
        IMapper mapper,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var caseId = await ResolveIdAsync(dbFactory, id, cancellationToken);
        var transfer = await commands.TransferAsync(new TransferCase(caseId, body?.ToOwner, body?.Reason, http.User.ToActor()), cancellationToken);
        return TypedResults.Ok(mapper.Map<TransferDto>(transfer));
    }

    // The commands take the case id; people type numbers. An unknown key passes through for the command to refuse.
    private static async Task<string> ResolveIdAsync(IDbContextFactory<CaseFlowDbContext> dbFactory, string idOrNumber, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Cases.AsNoTracking().Where(c => c.Id == idOrNumber || c.Number == idOrNumber).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken) ?? idOrNumber;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
