namespace CaseFlow.Server.Api;

/// <summary>Maps every API group (one file per resource under Api/).</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
