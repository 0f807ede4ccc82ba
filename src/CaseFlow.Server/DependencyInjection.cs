using CaseFlow.Cases;
using CaseFlow.Workflows.Activities;

namespace CaseFlow.Server;

/// <summary>Composes the host. The HTTP API, authentication and jobs arrive with their issues; this host serves health and the activity palette.</summary>
public static class DependencyInjection
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddCaseFlowServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.Services.AddCaseFlowCases();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapCaseFlowServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", () => Results.Ok(new { status = "ready" }));
        app.MapGet("/api/activity-descriptors", (ActivityRegistry registry) => Results.Ok(new { items = registry.Descriptors.Where(d => d.IsBrowsable) }));
        app.MapGet("/", () => Results.Text("CaseFlow is running. The workflow engine is in place; the case API and web app arrive in the next releases.\n"));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
                Console.WriteLine($"CaseFlow listening on {url}");
        });
        return app;
    }
}
