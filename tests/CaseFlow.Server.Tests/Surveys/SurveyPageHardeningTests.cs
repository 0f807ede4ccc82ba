using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Surveys;

/// <summary>
/// The public survey page's answers carry the browser-side protections, and its error messages speak of the
/// customer's fields, never of the server's types. No survey is needed: every path here answers before a token is
/// looked up, or for a token that does not exist.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class SurveyPageHardeningTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_temp.Sub("data"));
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EverySurveyAnswer_ForbidsFramingCachingReferrersSniffingAndForeignContent()
    {
        using var html = await _http.GetAsync("/s/not-a-real-token");
        using var json = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/s/not-a-real-token") { Headers = { { "Accept", "application/json" } } });
        using var badBody = await _http.PostAsync("/s/not-a-real-token", new StringContent("{\"score\":", Encoding.UTF8, "application/json"));
        using var unsupported = await _http.PostAsync("/s/not-a-real-token", new StringContent("score=5", Encoding.UTF8, "text/plain"));

        foreach (var response in new[] { html, json, badBody, unsupported })
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-store", Header(response, "Cache-Control"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        }
    }

    [Fact]
    public async Task ThePolicyAllowsExactlyThePagesOwnInlineStyle()
    {
        using var response = await _http.GetAsync("/s/not-a-real-token");
        var html = await response.Content.ReadAsStringAsync();

        // A browser applies an inline style only if its hash is in style-src: a page edit that forgets the policy would lose its styling.
        var style = StyleElement().Match(html).Groups[1].Value;
        Assert.NotEmpty(style);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"style-src 'sha256-{hash}'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"score\":\"five\"}", "score")]
    [InlineData("{\"score\":4.5}", "score")]
    [InlineData("{\"score\":99999999999}", "score")]
    [InlineData("{\"score\":5,\"comment\":{}}", "comment")]
    public async Task AnAnswerOfTheWrongType_Answers400NamingTheField_AndNoDotNetType(string body, string field)
    {
        using var response = await _http.PostAsync("/s/not-a-real-token", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", text, StringComparison.Ordinal);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task AnApiBodyOfTheWrongType_NamesTheFieldAndNoDotNetType()
    {
        using var agent = await _server.ClientAsync("agent");

        using var response = await agent.PostAsJsonAsync("/api/cases", new { type = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("type", out _), text);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage!.RequestUri} has no {name} header");

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
