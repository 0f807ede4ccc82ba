using System.Net;
using System.Text;
using CaseFlow.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api;

/// <summary>
/// Fuzz-style: every POST endpoint of the API receives a set of malformed and hostile bodies as an admin (who passes
/// every policy). The answer is always a 4xx with problem details: never a 5xx, never a hang.
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
}
