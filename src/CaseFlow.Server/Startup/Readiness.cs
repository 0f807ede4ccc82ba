using CaseFlow.Cases.Persistence;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Startup;

/// <summary>
/// <c>/health/ready</c>: whether this node can take work, for load balancers and orchestrators. It reports the database
/// (reachable, and which: never a password) and Hangfire's storage (reachable; how many servers beat there), each with
/// its status, and answers 503 while either is down. <c>/health/live</c> only says the process runs.
/// </summary>
internal static class Readiness
{
    public const string DatabaseCheck = "database";
    public const string JobsCheck = "jobs";

    public static IServiceCollection AddCaseFlowReadiness(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadiness>(DatabaseCheck, timeout: TimeSpan.FromSeconds(5))
            .AddCheck<JobStorageReadiness>(JobsCheck, timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointConventionBuilder MapCaseFlowReadiness(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResultStatusCodes = { [HealthStatus.Healthy] = StatusCodes.Status200OK, [HealthStatus.Degraded] = StatusCodes.Status200OK, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(new
            {
                status = report.Status == HealthStatus.Unhealthy ? "unavailable" : "ready",
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
            }),
        }).AllowAnonymous().WithTags("Health");

    private sealed class DatabaseReadiness(IDbContextFactory<CaseFlowDbContext> dbFactory, IOptions<CaseFlowDatabaseOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var database = options.Value;
            var where = database.IsPostgres ? "PostgreSQL " + database.DescribePostgres() : "SQLite";
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                // A read of CaseFlow's own table: reachable, and migrated.
                _ = await db.WorkflowDefinitions.AsNoTracking().AnyAsync(cancellationToken);
                return HealthCheckResult.Healthy(where);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"{where}: {ex.GetBaseException().Message}");
            }
        }
    }

    private sealed class JobStorageReadiness(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var servers = storage.GetMonitoringApi().Servers();
                var alive = servers.Count(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(1));
                var kind = storage.GetType().Name.Replace("Storage", "", StringComparison.Ordinal);
                return Task.FromResult(alive > 0
                    ? HealthCheckResult.Healthy($"Hangfire on {kind}: {alive} server(s) processing jobs")
                    : HealthCheckResult.Degraded($"Hangfire on {kind}: no server has beaten in the last minute (starting up?)"));
            }
            catch (Exception ex)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"Hangfire's storage: {ex.GetBaseException().Message}"));
            }
        }
    }
}
