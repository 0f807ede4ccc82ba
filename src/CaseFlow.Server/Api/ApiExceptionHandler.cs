using System.Text.Json;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Server.Api;

/// <summary>
/// Turns what a request did wrong into RFC 7807 problem details naming the field: the use cases' refusals (400, 403,
/// 404, 409), unreadable bodies (400 with the JSON path), oversize bodies (413), lost races (409) and a database
/// that is busy or briefly gone (503, Retry-After). Anything else is a server error and is left to the default handler
/// (500, logged).
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception);
        if (problem is null)
            return false;
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? Describe(Exception exception) => exception switch
    {
        ValidationException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = 400, Title = "Invalid input", Detail = v.Message },
        NotFoundException e => Problem(404, "Not found", e.Message),
        ConflictException e => Problem(409, "Conflict", e.Message),
        WorkflowConcurrencyException e => Problem(409, "Conflict", e.Message),
        ForbiddenException e => Problem(403, "Forbidden", e.Message),
        WorkflowFormatException e => Malformed(e),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => Problem(413, "Request body too large", e.Message),
        BadHttpRequestException e => BadBody(e, e.StatusCode),
        JsonException e => BadBody(e, 400),
        _ when Transient(exception) is not null => Problem(503, "Busy", "The database did not answer in time; nothing was saved. Try again in a second."),
        _ => null,
    };

    // A database that is overloaded or briefly gone (a connection pool with no free connection, a timeout, a lost
    // connection): the request can be sent again, so it is 503, not a server error. EF Core and Hangfire wrap it.
    private static System.Data.Common.DbException? Transient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException { IsTransient: true } db)
                return db;
        }

        return null;
    }

    // Names the offending field by its JSON path when the reader knows it.
    private static HttpValidationProblemDetails BadBody(Exception exception, int status)
    {
        var json = exception as JsonException ?? exception.InnerException as JsonException ?? exception.InnerException?.InnerException as JsonException;
        var (field, message) = json is null ? ("body", exception.Message) : JsonBodyErrors.Describe(json);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = "Unreadable request",
            Detail = json is null ? exception.Message : message,
        };
    }

    // The reader's messages start with the JSON path ("root.activities[2]: ..."): that is the field.
    private static HttpValidationProblemDetails Malformed(WorkflowFormatException exception)
    {
        var colon = exception.Message.IndexOf(": ", StringComparison.Ordinal);
        var field = colon > 0 && !exception.Message[..colon].Contains(' ', StringComparison.Ordinal) ? exception.Message[..colon] : "body";
        var message = colon > 0 && field != "body" ? exception.Message[(colon + 2)..] : exception.Message;
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "Malformed workflow definition",
            Detail = exception.Message,
        };
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
