using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Startup;

/// <summary>How many API requests one node works on at once (configuration section <c>CaseFlow:Http</c>).</summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "CaseFlow:Http";

    /// <summary>
    /// API requests in progress at once; the next ones wait in line. Each request in progress may hold a database
    /// connection, so this stays well under the connection pool (Npgsql's default: 100) with room for the job workers.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Requests that may wait in line; one more is answered 503 with Retry-After instead of waiting for a connection that will not come.</summary>
    public int QueueLimit { get; set; } = 2_000;
}

/// <summary>
/// Back-pressure for the API: a node under more load than it has connections for queues requests in order, and
/// answers 503 (problem details, Retry-After) when the line is full, instead of letting requests time out on the
/// database's connection pool and fail with 500. The live-update stream and the health checks are not counted: they
/// hold no connection while they wait.
/// </summary>
internal static class RequestLimits
{
    public static IServiceCollection AddCaseFlowRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RequestLimitOptions>(configuration.GetSection(RequestLimitOptions.SectionName));
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestLimitOptions>>((o, limits) =>
        {
            var permits = Math.Max(1, limits.Value.MaxConcurrentRequests);
            var queue = Math.Max(0, limits.Value.QueueLimit);
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsCounted(http.Request.Path)
                ? RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = queue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst })
                : RateLimitPartition.GetNoLimiter("other"));
            // An endpoint's own policy (sign-in throttling) keeps its answer; the global limit's is "busy".
            var others = o.OnRejected;
            o.OnRejected = (context, cancellationToken) =>
                others is not null && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null
                    ? others(context, cancellationToken)
                    : BusyAsync(context);
        });
        return services;
    }

    /// <summary>Whether a request waits for one of the API's places (the API's calls do; the live stream, health, files and the survey page do not).</summary>
    public static bool IsCounted(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/api/live", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask BusyAsync(OnRejectedContext context)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "1";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Busy",
                Detail = "This server has more requests waiting than it takes; nothing was done. Try again in a second.",
            },
        });
    }
}
