using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Server.Auth;
using CaseFlow.Workflows.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Tasks;

/// <summary>
/// Task inboxes and the task lifecycle: list, show, claim, release, complete, reassign. The use cases check who may
/// do what beyond the policies (a task that is not yours, a role you do not hold) and answer lost races with 409.
/// </summary>
public static class TaskEndpoints
{
    /// <summary>
    /// The inbox's query string, read as text so a bad value is refused by name: <c>view</c> is <c>mine</c> (default),
    /// <c>available</c>, <c>team</c> (my reports' tasks) or <c>all</c> (team and all: supervisors, managers, admins);
    /// <c>caseId</c> a case id or number; <c>status</c> <c>open</c> (default), <c>completed</c> or <c>cancelled</c>;
    /// filters <c>type</c> (case type), <c>category</c>, <c>priority</c>, <c>channel</c>, <c>emergency</c> (linked to
    /// an emergency: true/false), <c>drill</c> (true: drills only, false: no drills); <c>sort</c> <c>due</c> (default),
    /// <c>priority</c>, <c>newest</c> or <c>oldest</c>.
    /// </summary>
    public sealed record TaskListParameters(
        string? View,
        string? CaseId,
        string? Status,
        string? Page,
        string? PageSize,
        string? Type,
        string? Category,
        string? Priority,
        string? Channel,
        string? Emergency,
        string? Drill,
        string? Sort);

    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ReadCases)
            .WithSummary("A task inbox: mine, available to my roles, my team's or everyone's; filtered and sorted (soonest due first by default)")
            .Produces<Paged<TaskDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ReadCases)
            .WithSummary("A task with its form fields and outcomes")
            .Produces<TaskDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/claim", ClaimAsync).RequireAuthorization(Policies.WorkTasks)
            .WithSummary("Take an available task")
            .Produces<TaskDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/release", ReleaseAsync).RequireAuthorization(Policies.WorkTasks)
            .WithSummary("Give a claimed task back to its role")
            .Produces<TaskDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/complete", CompleteAsync).RequireAuthorization(Policies.WorkTasks)
            .WithSummary("Complete a task with one of its outcomes and its form's values; the workflow continues")
            .WithDescription("200: the task is completed and its workflow took the completion (resumedAt set). "
                + "202: the task is completed (the completion is saved and final) but its workflow has not taken it yet, e.g. the instance kept changing under it; "
                + "the case sweep hands it over (about a minute), do not complete it again (resumedAt null; Location is the task). "
                + "409: the task was completed or changed by someone else first (the problem's detail says what it is now); "
                + "400 naming outcome or data.<field>: a wrong outcome or a missing required field.")
            .Produces<TaskDto>().Produces<TaskDto>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/reassign", ReassignAsync).RequireAuthorization(Policies.OverseeTasks)
            .WithSummary("Hand a task to someone else (supervisors and managers)")
            .Produces<TaskDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<Paged<TaskDto>>> ListAsync([AsParameters] TaskListParameters query, TaskQueries tasks, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var view = QueryValues.Enum<TaskView>(query.View, "view", errors) ?? TaskView.Mine;
        var status = QueryValues.Enum<CaseTaskStatus>(query.Status, "status", errors) ?? CaseTaskStatus.Open;
        var (page, pageSize) = QueryValues.Paging(query.Page, query.PageSize, errors);
        var filter = new TaskFilter(
            QueryValues.Enum<CaseType>(query.Type, "type", errors),
            string.IsNullOrWhiteSpace(query.Category) ? null : query.Category.Trim(),
            QueryValues.Enum<CasePriority>(query.Priority, "priority", errors),
            QueryValues.Enum<CaseChannel>(query.Channel, "channel", errors),
            QueryValues.Bool(query.Emergency, "emergency", errors),
            QueryValues.Bool(query.Drill, "drill", errors));
        var sort = QueryValues.Enum<TaskSort>(query.Sort, "sort", errors) ?? TaskSort.Due;
        errors.ThrowIfAny();

        var caseId = string.IsNullOrWhiteSpace(query.CaseId) ? null : query.CaseId.Trim();
        var found = await tasks.ListAsync(new ListTasks(view, http.User.ToActor(), caseId, status, page, pageSize, filter, sort), cancellationToken);
        return TypedResults.Ok(new Paged<TaskDto>(mapper.Map<List<TaskDto>>(found.Items), found.Total, found.Page, found.PageSize, found.TotalIsCapped));
    }

    private static async Task<Ok<TaskDto>> GetAsync(string id, TaskQueries tasks, IMapper mapper, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<TaskDto>(await tasks.GetAsync(id, http.User.ToActor(), cancellationToken)));

    private static async Task<Ok<TaskDto>> ClaimAsync(string id, TaskCommands commands, TaskQueries tasks, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var task = await commands.ClaimAsync(new ClaimTask(id, http.User.ToActor()), cancellationToken);
        return TypedResults.Ok(mapper.Map<TaskDto>(await tasks.DescribeAsync(task, cancellationToken)));
    }

    private static async Task<Ok<TaskDto>> ReleaseAsync(string id, TaskCommands commands, TaskQueries tasks, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var task = await commands.ReleaseAsync(new ReleaseTask(id, http.User.ToActor()), cancellationToken);
        return TypedResults.Ok(mapper.Map<TaskDto>(await tasks.DescribeAsync(task, cancellationToken)));
    }

    private static async Task<Results<Ok<TaskDto>, Accepted<TaskDto>>> CompleteAsync(string id, CompleteTaskRequest? body, TaskCommands commands, TaskQueries tasks, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        // The form's checks (required, number, boolean, select) expect plain values, not JSON elements.
        var data = body?.Data?.ToDictionary(p => p.Key, p => ValueConverter.FromElement(p.Value), StringComparer.Ordinal);
        var task = await commands.CompleteAsync(new CompleteTask(id, body?.Outcome ?? "", data, http.User.ToActor()), cancellationToken);
        var dto = mapper.Map<TaskDto>(await tasks.DescribeAsync(task, cancellationToken));

        // Saved but not yet taken by the workflow: true is "accepted, the workflow continues", not a failure.
        return task.ResumedAt is null ? TypedResults.Accepted($"/api/tasks/{Uri.EscapeDataString(task.Id)}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Ok<TaskDto>> ReassignAsync(string id, ReassignTaskRequest? body, TaskCommands commands, TaskQueries tasks, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var reason = string.IsNullOrWhiteSpace(body?.Reason) ? null : body.Reason.Trim();
        var task = await commands.ReassignAsync(new ReassignTask(id, body?.Assignee ?? "", http.User.ToActor(), reason), cancellationToken);
        return TypedResults.Ok(mapper.Map<TaskDto>(await tasks.DescribeAsync(task, cancellationToken)));
    }
}
