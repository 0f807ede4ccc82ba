using System.Text.Json.Nodes;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Auth;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Server.Api.Events;

/// <summary>Events from outside: resume the instances waiting for them and start the definitions they trigger.</summary>
public static class EventEndpoints
{
    /// <summary>The body of <c>POST /api/events/{eventName}</c>.</summary>
    /// <param name="CorrelationId">Only instances with this correlation id are resumed; instances the event starts get it.</param>
    /// <param name="Input">The event's payload: what the <c>Elsa.Event</c> activity returns.</param>
    public sealed record PublishEventRequest(string? CorrelationId, JsonNode? Input);

    /// <summary>What publishing did: how many waiting instances resumed, and the ids of the instances it started.</summary>
    public sealed record EventPublished(int Resumed, IReadOnlyList<string> Started);

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGroup("/api/events").WithTags("Events")
            .MapPost("/{eventName}", PublishAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Publish an event: resumes the instances waiting for it (of one correlation id, when given) and starts the published definitions it triggers")
            .Produces<EventPublished>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> PublishAsync(string eventName, PublishEventRequest? body, WorkflowEventDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(eventName))
            throw ValidationException.For("eventName", "The event name is empty.");

        // Through the dispatcher, not the runtime: only it also starts the definitions an Elsa.Event triggers.
        var delivery = await dispatcher.PublishAsync(
            eventName,
            string.IsNullOrWhiteSpace(body?.CorrelationId) ? null : body.CorrelationId,
            ValueConverter.FromNode(body?.Input),
            cancellationToken: cancellationToken);
        return Results.Accepted(value: new EventPublished(delivery.Resumed, delivery.Started));
    }
}
