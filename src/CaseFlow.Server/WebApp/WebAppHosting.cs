using System.Net.Mime;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CaseFlow.Server.WebApp;

/// <summary>
/// Serves the web app at <c>/</c>: its files, and <c>index.html</c> for every other path the server does not own
/// (client-side routes such as <c>/definitions/complaint-handling</c> load the app, which then shows the page). The
/// API, health, OpenAPI, Scalar, Hangfire and survey paths are never answered with the app.
/// </summary>
public static class WebAppHosting
{
    /// <summary>Path prefixes that belong to the server: an unknown path under them is a 404, not the app.</summary>
    public static readonly IReadOnlyList<string> ServerPaths = ["/api", "/health", "/openapi", "/scalar", "/hangfire", "/s/"];

    public static IServiceCollection AddCaseFlowWebApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebAppOptions>(configuration.GetSection(WebAppOptions.Section));
        return services;
    }

    /// <summary>The folder with the built app, or null when it was not built (no Node.js at build time).</summary>
    public static string? FindRoot(WebAppOptions options, string baseDirectory)
    {
        if (options.Root is { Length: > 0 } configured)
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        var beside = Path.Combine(baseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html")))
            return beside;
        for (var folder = new DirectoryInfo(baseDirectory); folder is not null; folder = folder.Parent)
        {
            var dist = Path.Combine(folder.FullName, "designer", "dist");
            if (File.Exists(Path.Combine(dist, "index.html")) && File.Exists(Path.Combine(folder.FullName, "CaseFlow.sln")))
                return dist;
        }

        return null;
    }

    /// <summary>Static files of the app (before authentication: the app's code is public, its data is not).</summary>
    public static WebApplication UseCaseFlowWebAppFiles(this WebApplication app)
    {
        var root = FindRoot(app.Services.GetRequiredService<IOptions<WebAppOptions>>().Value, AppContext.BaseDirectory);
        if (root is null)
            return app;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context =>
            {
                // Vite names bundles by content hash: they never change under their name. Everything else is revalidated.
                context.Context.Response.Headers[HeaderNames.CacheControl] = context.File.Name.Equals("index.html", StringComparison.Ordinal) || !context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "no-cache"
                    : "public, max-age=31536000, immutable";
            },
        });
        return app;
    }

    /// <summary><c>index.html</c> for client-side routes; a page saying how to build the app when it is missing.</summary>
    public static WebApplication MapCaseFlowWebApp(this WebApplication app)
    {
        var root = FindRoot(app.Services.GetRequiredService<IOptions<WebAppOptions>>().Value, AppContext.BaseDirectory);
        // GET and HEAD only, and last: any endpoint of the server wins over it (routing prefers literal segments to a
        // catch-all), and a POST to an endpoint that refuses its body keeps its own answer instead of falling back here.
        app.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => Serve(http, root))
            .AllowAnonymous().ExcludeFromDescription().WithOrder(int.MaxValue);
        return app;
    }

    private static IResult Serve(HttpContext http, string? root)
    {
        var path = http.Request.Path;
        if (ServerPaths.Any(prefix => path.StartsWithSegments(prefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) || Path.HasExtension(path.Value))
            return Results.Problem(title: "Not found", detail: $"Nothing is at {path}.", statusCode: StatusCodes.Status404NotFound);
        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        if (root is null)
            return Results.Content(NotBuiltPage, MediaTypeNames.Text.Html, System.Text.Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);
        return Results.File(Path.Combine(root, "index.html"), MediaTypeNames.Text.Html);
    }

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>CaseFlow</title>
        <style>body{font-family:system-ui,sans-serif;max-width:640px;margin:64px auto;padding:0 16px;color:#1f2937}code{background:#f3f4f6;padding:2px 4px;border-radius:4px}</style></head>
        <body>
        <h1>CaseFlow is running, but its web app was not built</h1>
        <p>The build found no Node.js, so <code>designer/</code> was skipped. Install Node.js 20.19 or later and run
        <code>dotnet build</code> again (it runs <code>npm ci</code> and <code>npm run build</code>), then reload this page.</p>
        <p>The API works meanwhile: reference at <a href="/scalar">/scalar</a>, sign in with <code>POST /api/auth/token</code>.</p>
        <hr>
        <h1 lang="zh-CN">CaseFlow 已运行，但网页端尚未构建</h1>
        <p lang="zh-CN">构建时未找到 Node.js，因此跳过了 <code>designer/</code>。请安装 Node.js 20.19 或更高版本后重新运行
        <code>dotnet build</code>（它会执行 <code>npm ci</code> 和 <code>npm run build</code>），然后刷新本页。</p>
        </body></html>
        """;
}
