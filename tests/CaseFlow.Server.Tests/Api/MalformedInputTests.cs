using System.Net;
using System.Reflection;
using System.Text;
using CaseFlow.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api;

/// <summary>
/// Fuzz-style: every POST endpoint of the API receives a set of malformed and hostile bodies, and every query
/// parameter of every GET endpoint a set of hostile values, as an admin (who passes every policy). The answer is
/// always a 2xx or a 4xx with problem details: never a 5xx, never a hang.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class MalformedInputTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;

    // A 64 KiB body limit, so the oversize body (100 KB) is refused with a 413 while it still fits the loopback
    // socket's buffers (a body far beyond the limit can see its connection closed before it reads the answer).
    public async Task InitializeAsync() =>
        _server = await InProcessServer.StartAsync(_temp.Sub("data"), RepositoryPaths.Workflows, b => b.Configuration["CaseFlow:Api:MaxRequestBodyBytes"] = "65536");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    public static IEnumerable<(string Name, string ContentType, byte[] Body)> Bodies()
    {
        var random = new Random(20261123);
        var noise = new byte[512];
        random.NextBytes(noise);
        yield return ("empty", "application/json", []);
        yield return ("truncated", "application/json", "{\"type\":"u8.ToArray());
        yield return ("array", "application/json", "[1,2,3]"u8.ToArray());
        yield return ("null", "application/json", "null"u8.ToArray());
        yield return ("string", "application/json", "\"hello\""u8.ToArray());
        yield return ("wrong types", "application/json", "{\"type\":5,\"channel\":[],\"customer\":\"x\",\"description\":{},\"outcome\":7,\"data\":\"y\",\"text\":false,\"score\":\"five\",\"input\":3,\"root\":12}"u8.ToArray());
        yield return ("binary noise", "application/json", noise);
        yield return ("not json", "text/plain", "type=complaint"u8.ToArray());
        yield return ("deep nesting", "application/json", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        yield return ("huge string", "application/json", Encoding.UTF8.GetBytes("{\"description\":\"" + new string('x', 100_000) + "\"}"));
        yield return ("unicode junk", "application/json", Encoding.UTF8.GetBytes("{\"description\":\"\\ud800\",\"type\":\"complaint\\u0000\"}"));
    }

    [Fact]
    public async Task EveryPostEndpoint_AnswersMalformedBodiesWith4xxProblemDetails_NeverA5xx()
    {
        using var admin = await _server.ClientAsync("admin");
        var posts = _server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(t => t.StartsWith("/api/", StringComparison.Ordinal) && t != "/api/auth/logout")
            .ToList();
        Assert.NotEmpty(posts);

        var failures = new List<string>();
        foreach (var template in posts)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", "placeholder-id");
            foreach (var (name, contentType, body) in Bodies())
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
                HttpResponseMessage response;
                try
                {
                    // One connection per request: Kestrel closes a connection whose oversize body it would not drain,
                    // and a POST sent on that closed keep-alive connection would fail in the client, not the server.
                    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
                    request.Headers.ConnectionClose = true;
                    response = await admin.SendAsync(request);
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{path} [{name}]: no answer ({ex.InnerException?.Message ?? ex.Message})");
                    continue;
                }

                using var disposable = response;
                var status = (int)response.StatusCode;
                // A 2xx is fine where the body is optional (an event without correlation or input) or ignored.
                if (status >= 500)
                {
                    failures.Add($"{path} [{name}]: {status}");
                }
                else if (status >= 400 && status != 404 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{path} [{name}]: {status} without problem details ({response.Content.Headers.ContentType})");
                }

                if (name == "huge string" && status is not (413 or 404 or 409 or 403))
                    failures.Add($"{path} [{name}]: {status}, expected 413");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Values each query parameter receives, already URL-encoded where a raw character would not survive.</summary>
    public static IEnumerable<(string Name, string Encoded)> QueryValues()
    {
        foreach (var value in new[]
        {
            "9999-12-31", "0001-01-01", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "10000-01-01",
            "1e400", "-1", "0", "2147483648", "-2147483649", "%", "_", "'", "\"", "' OR 1=1 --", "NotAnEnum", "1,2", "true ",
            new string('x', 4000), "\u0000", "\r\n",
        })
        {
            yield return (value.Length > 40 ? "long string" : value, Uri.EscapeDataString(value));
        }

        yield return ("unpaired surrogate", "%ED%A0%80");
        yield return ("broken escape", "%zz");
    }

    [Fact]
    public async Task EveryQueryParameterOfEveryGetEndpoint_AnswersHostileValuesWithoutA5xx()
    {
        using var admin = await _server.ClientAsync("admin");
        var gets = _server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => (Template: "/" + e.RoutePattern.RawText!.Trim('/'), Query: QueryParameters(e)))
            .Where(e => e.Template.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(gets);

        // The enumeration itself must see the parameters, or the test would pass by asking nothing.
        Assert.Contains(gets, g => g.Template == "/api/workflow-instances" && g.Query.Contains("createdTo"));
        Assert.Contains(gets, g => g.Template == "/api/cases" && g.Query.Contains("createdTo") && g.Query.Contains("search"));
        Assert.Contains(gets, g => g.Template == "/api/tasks" && g.Query.Contains("view"));
        Assert.Contains(gets, g => g.Template == "/api/kpis" && g.Query.Contains("from"));

        var failures = new List<string>();
        foreach (var (template, query) in gets)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", "placeholder-id");
            foreach (var (name, encoded) in QueryValues())
            {
                // Each parameter alone, then all of them at once (a from and a to at the ends of time together).
                var queries = query.Select(p => $"{p}={encoded}").ToList();
                if (query.Count > 1)
                    queries.Add(string.Join("&", query.Select(p => $"{p}={encoded}")));
                foreach (var queryString in queries)
                {
                    var url = path + "?" + queryString;
                    using var response = await admin.GetAsync(url);
                    var status = (int)response.StatusCode;
                    if (status >= 500)
                        failures.Add($"{template}?{Shorten(queryString)} [{name}]: {status}");
                    // 414: several long values together pass Kestrel's request-line limit, refused before any endpoint runs.
                    else if (status >= 400 && status is not (404 or 414) && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        failures.Add($"{template}?{Shorten(queryString)} [{name}]: {status} without problem details");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("/api/workflow-instances?createdTo=9999-12-31")]
    [InlineData("/api/workflow-instances?createdFrom=9999-12-31&createdTo=9999-12-31")]
    [InlineData("/api/cases?createdTo=9999-12-31")]
    [InlineData("/api/kpis?to=9999-12-31")]
    public async Task AnUpperBoundAtTheEndOfTime_IsAnsweredNotA500(string url)
    {
        using var admin = await _server.ClientAsync("admin");

        using var response = await admin.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/workflow-instances?page=2147483648", "page")]
    [InlineData("/api/workflow-instances?pageSize=-1", "pageSize")]
    [InlineData("/api/workflow-instances?createdTo=10000-01-01", "createdTo")]
    [InlineData("/api/workflow-instances?status=7", "status")]
    [InlineData("/api/cases?createdFrom=yesterday", "createdFrom")]
    [InlineData("/api/tasks?view=everything", "view")]
    [InlineData("/api/workflow-definitions?pageSize=1e400", "pageSize")]
    [InlineData("/api/kpis?from=0001-13-01", "from")]
    public async Task AMalformedQueryValue_Answers400NamingTheParameter(string url, string parameter)
    {
        using var admin = await _server.ClientAsync("admin");

        using var response = await admin.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([parameter], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>
    /// The query parameters a minimal-API handler binds: its string parameters that are not route values, and those
    /// of its [AsParameters] records (every query value in this API is bound as text and parsed by name).
    /// </summary>
    private static List<string> QueryParameters(RouteEndpoint endpoint)
    {
        var method = endpoint.Metadata.GetMetadata<MethodInfo>();
        Assert.NotNull(method);
        var route = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                names.AddRange(parameter.ParameterType.GetConstructors().Single().GetParameters()
                    .Where(p => p.ParameterType == typeof(string) && !route.Contains(p.Name!))
                    .Select(p => char.ToLowerInvariant(p.Name![0]) + p.Name[1..]));
            }
            else if (parameter.ParameterType == typeof(string) && !route.Contains(parameter.Name!))
            {
                names.Add(parameter.Name!);
            }
        }

        return names;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
