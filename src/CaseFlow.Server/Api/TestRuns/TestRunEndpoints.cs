using System.Text.Json;
using AutoMapper;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Server.Api.Definitions;
using CaseFlow.Server.Api.Tasks;
using CaseFlow.Server.Auth;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Server.Api.TestRuns;

/// <summary>
/// The designer's test runs: run a definition (the editor's unsaved state, or the latest stored version) in an
/// in-memory sandbox, then complete its tasks, publish events and fire timers until it finishes. Nothing is stored
/// and nothing reaches a person; a run is its starter's (and admins') alone, and others are told it does not exist.
/// </summary>
public static class TestRunEndpoints
{
    private const string Route = "/api/test-runs";

    public static IEndpointRouteBuilder MapTestRunEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Under the definitions API: a run is of a definition (stored, or the body's unsaved one).
        app.MapPost("/api/workflow-definitions/{definitionId}/test-runs", StartAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithTags("Test runs")
            .WithSummary("Run a definition in a sandbox until it waits or finishes: the body's definition (unsaved), else the latest stored version")
            .WithDescription("Body (all optional): { definition, input, correlationId }. Nothing is stored, sent, scheduled or created: tasks, messages, "
                + "SLA clocks, surveys and case changes are listed as effects. 201 with Location /api/test-runs/{id}. 400: a definition with "
                + "validation errors (keyed by JSON path, as POST …/validate reports them) or an input a workflow cannot store (input.<name>). "
                + "404: no body definition and no stored definition of that id.")
            .Accepts<StartTestRunRequest>("application/json")
            .Produces<TestRunDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var group = app.MapGroup(Route).WithTags("Test runs");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("A test run: status, path taken, variables, waits, effects, incidents, console (its starter and admins only)")
            .Produces<TestRunDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/tasks/{taskId}/complete", CompleteAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Complete a task the run waits for with one of its outcomes and its form's values; the run goes on")
            .WithDescription("400 naming outcome or data.<field>, with the messages of a real completion. 404: the run does not wait for that task (any more).")
            .Produces<TestRunDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/events", PublishAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Publish an event inside the run: its instances waiting for it resume (lastAction.resumed says how many)")
            .Produces<TestRunDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/timers/{bookmarkId}/fire", FireAsync).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("Fire a timer the run waits for now, as if its time had come")
            .Produces<TestRunDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", Delete).RequireAuthorization(Policies.EditDefinitions)
            .WithSummary("End a test run")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> StartAsync(string definitionId, HttpRequest request, StartTestRunHandler start, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var (definition, input, correlationId) = await ReadStartAsync(request, cancellationToken);
        var run = await start.HandleAsync(new StartTestRun(definitionId, definition, input, correlationId, http.User.ToActor()), cancellationToken);
        return Results.Created($"{Route}/{Uri.EscapeDataString(run.Id)}", mapper.Map<TestRunDto>(run));
    }

    private static async Task<IResult> GetAsync(string id, GetTestRunHandler get, IMapper mapper, HttpContext http, CancellationToken cancellationToken) =>
        Results.Ok(mapper.Map<TestRunDto>(await get.HandleAsync(new GetTestRun(id, http.User.ToActor()), cancellationToken)));

    private static async Task<IResult> CompleteAsync(
        string id, string taskId, CompleteTaskRequest? body, CompleteTestRunTaskHandler complete, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        // The form's checks (required, number, boolean, select) expect plain values, not JSON elements.
        var data = body?.Data?.ToDictionary(p => p.Key, p => ValueConverter.FromElement(p.Value), StringComparer.Ordinal);
        var run = await complete.HandleAsync(new CompleteTestRunTask(id, taskId, body?.Outcome, data, http.User.ToActor()), cancellationToken);
        return Results.Ok(mapper.Map<TestRunDto>(run));
    }

    private static async Task<IResult> PublishAsync(string id, PublishTestRunEventRequest? body, PublishTestRunEventHandler publish, IMapper mapper, HttpContext http, CancellationToken cancellationToken)
    {
        var run = await publish.HandleAsync(new PublishTestRunEvent(id, body?.EventName, ValueConverter.FromNode(body?.Payload), http.User.ToActor()), cancellationToken);
        return Results.Ok(mapper.Map<TestRunDto>(run));
    }

    private static async Task<IResult> FireAsync(string id, string bookmarkId, FireTestRunTimerHandler fire, IMapper mapper, HttpContext http, CancellationToken cancellationToken) =>
        Results.Ok(mapper.Map<TestRunDto>(await fire.HandleAsync(new FireTestRunTimer(id, bookmarkId, http.User.ToActor()), cancellationToken)));

    private static IResult Delete(string id, DeleteTestRunHandler delete, HttpContext http)
    {
        delete.Handle(new DeleteTestRun(id, http.User.ToActor()));
        return Results.NoContent();
    }

    /// <summary>
    /// The start's body, read as the definitions API reads a definition (unknown properties survive, 256 levels): a
    /// definition that cannot be read is a 400 at its JSON path, any other member of the wrong kind a 400 naming it.
    /// </summary>
    private static async Task<(WorkflowDefinition? Definition, IReadOnlyDictionary<string, object?>? Input, string? CorrelationId)> ReadStartAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var text = await DefinitionEndpoints.ReadBodyAsync(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
            return (null, null, null);

        var errors = new ValidationErrors();
        WorkflowDefinition? definition = null;
        IReadOnlyDictionary<string, object?>? input = null;
        string? correlationId = null;
        try
        {
            using var document = JsonDocument.Parse(text, DefinitionEndpoints.DefinitionDocument);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                errors.Add("$", "send an object: { definition, input, correlationId }, each optional");
            else
            {
                foreach (var member in document.RootElement.EnumerateObject())
                {
                    var value = member.Value;
                    if (value.ValueKind == JsonValueKind.Null)
                        continue;
                    if (Is(member, "definition"))
                    {
                        if (value.ValueKind == JsonValueKind.Object)
                            definition = DefinitionEndpoints.Read(value.GetRawText(), "", errors);
                        else
                            errors.Add("definition", "definition must be a workflow definition object (Elsa 3 JSON).");
                    }
                    else if (Is(member, "input"))
                    {
                        input = value.ValueKind == JsonValueKind.Object ? ValueConverter.FromElement(value) as IReadOnlyDictionary<string, object?> : null;
                        if (input is null)
                            errors.Add("input", "input must be an object of named values.");
                    }
                    else if (Is(member, "correlationId"))
                    {
                        correlationId = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                        if (correlationId is null)
                            errors.Add("correlationId", "correlationId must be text.");
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            errors.Add("$", DefinitionEndpoints.InvalidJson(ex));
        }

        errors.ThrowIfAny();
        return (definition, input, correlationId);
    }

    private static bool Is(JsonProperty member, string name) => string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase);
}
