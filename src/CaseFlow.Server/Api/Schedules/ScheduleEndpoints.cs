using AutoMapper;
using CaseFlow.Cases.Features.Schedules;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseFlow.Server.Api.Schedules;

/// <summary>The recurring work (plan review, drills...): listed with last and next run, changed, run by hand.</summary>
public static class ScheduleEndpoints
{
    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/schedules").WithTags("Schedules");
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ReadSchedules)
            .WithSummary("The schedules: what each does, its cron (business calendar's time zone), its last run and next occurrence")
            .Produces<List<ScheduleDto>>();
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(Policies.ManageSchedules)
            .WithSummary("Change a schedule's cron, enable or disable it, or set what a missed occurrence becomes (runOnce, skip)")
            .Produces<ScheduleDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/run", RunAsync).RequireAuthorization(Policies.ManageSchedules)
            .WithSummary("Run a schedule's work now, beside its occurrences (e.g. an ad-hoc session)")
            .Produces<ScheduleRunDto>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<List<ScheduleDto>>> ListAsync(ScheduleBook schedules, IMapper mapper, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<List<ScheduleDto>>(await schedules.ListAsync(cancellationToken)));

    private static async Task<Ok<ScheduleDto>> UpdateAsync(string id, UpdateScheduleRequest? body, ScheduleBook schedules, IMapper mapper, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(mapper.Map<ScheduleDto>(await schedules.UpdateAsync(new UpdateSchedule(id, body?.Cron, body?.Enabled, body?.MissedOccurrences, http.User.ToActor()), cancellationToken)));

    private static async Task<Created<ScheduleRunDto>> RunAsync(string id, ScheduleBook schedules, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var run = await schedules.RunNowAsync(id, http.User.ToActor(), cancellationToken);
        return TypedResults.Created($"/api/schedules/{Uri.EscapeDataString(id)}", mapper.Map<ScheduleRunDto>(run));
    }
}
