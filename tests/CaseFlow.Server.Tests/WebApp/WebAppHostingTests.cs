using System.Net;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Server.WebApp;

namespace CaseFlow.Server.Tests.WebApp;

/// <summary>The built web app served by the real host at <c>/</c>, beside the API it never shadows.</summary>
[Collection(HostCollection.Name)]
public sealed class WebAppHostingTests : IDisposable
{
    private const string IndexHtml = "<!doctype html><html><head><title>CaseFlow test app</title></head><body><div id=\"root\"></div></body></html>";
    private readonly TempDirectory _temp = new();

    private string BuiltApp()
    {
        var root = _temp.Sub("app");
        Directory.CreateDirectory(Path.Combine(root, "assets"));
        File.WriteAllText(Path.Combine(root, "index.html"), IndexHtml);
        File.WriteAllText(Path.Combine(root, "assets", "index-abc123.js"), "console.log('app');");
        File.WriteAllText(Path.Combine(root, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        return root;
    }

    private ProgramHost Start(string appRoot) =>
        ProgramHost.Start(_temp.Sub("data"), settings: new Dictionary<string, string> { [$"{WebAppOptions.Section}:Root"] = appRoot });

    [Fact]
    public async Task TheApp_IsServedAtTheRoot_AndEveryClientRouteLoadsIt_WithoutSigningIn()
    {
        using var host = Start(BuiltApp());
        using var http = host.Anonymous();

        foreach (var path in new[] { "/", "/definitions", "/definitions/complaint-handling?tab=versions", "/sign-in" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(IndexHtml, await response.Content.ReadAsStringAsync());
            // A new build must reach the browser at once: index.html is revalidated on every load.
            Assert.Contains("no-cache", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HashedBundles_AreCachedForever_AndOtherFilesRevalidated()
    {
        using var host = Start(BuiltApp());
        using var http = host.Anonymous();

        using var bundle = await http.GetAsync("/assets/index-abc123.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("console.log('app');", await bundle.Content.ReadAsStringAsync());
        Assert.Equal("public, max-age=31536000, immutable", bundle.Headers.CacheControl?.ToString());

        using var icon = await http.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("no-cache", icon.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task TheServersOwnPaths_AndMissingFiles_AreNeverAnsweredWithTheApp()
    {
        using var host = Start(BuiltApp());
        using var http = host.Anonymous();

        foreach (var path in new[] { "/api/no-such-thing", "/api", "/health/nope", "/openapi/nope.json", "/assets/missing.js", "/missing.png" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("CaseFlow test app", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A state change is never the app: the client route answers only GET and HEAD (here the anonymous POST is
        // refused before its method is: 401).
        using var post = await http.PostAsync("/definitions", new StringContent("{}"));
        Assert.True(post.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.MethodNotAllowed, $"POST /definitions: {post.StatusCode}");
        Assert.DoesNotContain("CaseFlow test app", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Real endpoints keep their own answers: the API still asks for a session, the dashboard too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/workflow-definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task WithoutABuiltApp_TheRootSaysHowToBuildIt()
    {
        using var host = Start(_temp.Sub("empty"));
        using var http = host.Anonymous();

        using var response = await http.GetAsync("/definitions");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Node.js 20.19", page, StringComparison.Ordinal);
        Assert.Contains("/scalar", page, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAppIsFound_Configured_BesideTheServer_OrInTheRepositorysDesignerFolder()
    {
        var configured = BuiltApp();
        Assert.Equal(Path.GetFullPath(configured), WebAppHosting.FindRoot(new WebAppOptions { Root = configured }, "/nowhere"));
        Assert.Null(WebAppHosting.FindRoot(new WebAppOptions { Root = _temp.Sub("nothing-built") }, "/nowhere"));

        var bin = _temp.Sub("bin");
        Directory.CreateDirectory(Path.Combine(bin, "wwwroot"));
        File.WriteAllText(Path.Combine(bin, "wwwroot", "index.html"), IndexHtml);
        Assert.Equal(Path.Combine(bin, "wwwroot"), WebAppHosting.FindRoot(new WebAppOptions(), bin));

        var repository = _temp.Sub("repo");
        var testBin = Path.Combine(repository, "tests", "X", "bin", "Release");
        Directory.CreateDirectory(testBin);
        Directory.CreateDirectory(Path.Combine(repository, "designer", "dist"));
        File.WriteAllText(Path.Combine(repository, "designer", "dist", "index.html"), IndexHtml);
        File.WriteAllText(Path.Combine(repository, "CaseFlow.sln"), "");
        Assert.Equal(Path.Combine(repository, "designer", "dist"), WebAppHosting.FindRoot(new WebAppOptions(), testBin));
    }

    public void Dispose() => _temp.Dispose();
}
