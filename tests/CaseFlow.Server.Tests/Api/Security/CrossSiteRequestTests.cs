using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static CaseFlow.Server.Tests.Api.Definitions.ApiDefinitions;

namespace CaseFlow.Server.Tests.Api.Security;

/// <summary>
/// A page on another site makes the browser send CaseFlow's cookie with a form or <c>text/plain</c> POST (no CORS
/// preflight for those): such requests must not claim, release, publish or retract anything.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CrossSiteRequestTests : IAsyncLifetime, IDisposable
{
    private const string EvilOrigin = "https://evil.example";
    private const string Definitions = "/api/workflow-definitions";

    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;
    private HttpClient _agentCookie = null!;
    private HttpClient _ownerCookie = null!;
    private HttpClient _agentToken = null!;
    private HttpClient _ownerToken = null!;
    private string _task = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_temp.Sub("data"));
        _agentCookie = await BrowserAsync("agent");
        _ownerCookie = await BrowserAsync("owner");
        _agentToken = await _server.ClientAsync("agent");
        _ownerToken = await _server.ClientAsync("owner");
        var seed = new Seed(_server.Get<IDbContextFactory<CaseFlowDbContext>>());
        _task = (await seed.TaskAsync(await seed.CaseAsync(await seed.CustomerAsync(), DateTimeOffset.UtcNow), DateTimeOffset.UtcNow)).Id;
        Assert.Equal(HttpStatusCode.Created, (await _ownerToken.PostAsync(Definitions, Body(Flow("csrf", "Csrf", WriteLine("hello", "Hello"))))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        foreach (var http in new[] { _agentCookie, _ownerCookie, _agentToken, _ownerToken })
            http.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    private async Task<HttpClient> BrowserAsync(string user)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }, disposeHandler: true) { BaseAddress = _server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/auth/login", new { username = user, password = InProcessServer.DemoPassword })).StatusCode);
        return browser;
    }

    private static HttpRequestMessage Post(string path, HttpContent? content, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        return request;
    }

    private static FormUrlEncodedContent Form() => new FormUrlEncodedContent([new("outcome", "Done")]);

    private static StringContent Text() => new StringContent("{}", Encoding.UTF8, "text/plain");

    private static JsonContent Json() => JsonContent.Create(new { });

    private string SameOrigin => _server.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<HttpStatusCode> SendAsync(HttpClient http, string path, HttpContent? content, string? origin)
    {
        using var request = Post(path, content, origin);
        return (await http.SendAsync(request)).StatusCode;
    }

    private async Task<string?> AssigneeAsync() =>
        (await CaseApi.GetJsonAsync(_agentToken, $"/api/tasks/{_task}")).GetProperty("assignee").GetString();

    private async Task<bool> PublishedAsync() =>
        (await CaseApi.GetJsonAsync(_ownerToken, $"{Definitions}/csrf/versions")).GetProperty("items")[0].GetProperty("isPublished").GetBoolean();

    [Fact]
    public async Task FormAndTextPosts_FromAnotherSite_WithTheCookie_CannotClaimReleasePublishOrRetract()
    {
        var refused = new[] { HttpStatusCode.Forbidden, HttpStatusCode.UnsupportedMediaType };
        foreach (var content in new Func<HttpContent>[] { Form, Text })
        {
            foreach (var origin in new[] { EvilOrigin, null })
            {
                Assert.Contains(await SendAsync(_agentCookie, $"/api/tasks/{_task}/claim", content(), origin), refused);
                Assert.Null(await AssigneeAsync());
                Assert.Contains(await SendAsync(_ownerCookie, $"{Definitions}/csrf/publish", content(), origin), refused);
                Assert.False(await PublishedAsync());
            }
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(_agentToken, $"/api/tasks/{_task}/claim", null, null));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_ownerToken, $"{Definitions}/csrf/publish", null, null));
        foreach (var content in new Func<HttpContent>[] { Form, Text })
        {
            foreach (var origin in new[] { EvilOrigin, null })
            {
                Assert.Contains(await SendAsync(_agentCookie, $"/api/tasks/{_task}/release", content(), origin), refused);
                Assert.Equal("agent", await AssigneeAsync());
                Assert.Contains(await SendAsync(_ownerCookie, $"{Definitions}/csrf/retract", content(), origin), refused);
                Assert.True(await PublishedAsync());
            }
        }
    }

    [Fact]
    public async Task JsonFromAnotherOrigin_WithTheCookie_IsRefusedWith403()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(_agentCookie, $"/api/tasks/{_task}/claim", Json(), EvilOrigin));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(_agentCookie, $"/api/tasks/{_task}/claim", Json(), "null"));
        Assert.Null(await AssigneeAsync());
    }

    [Fact]
    public async Task JsonFromTheSameOrigin_WithTheCookie_ClaimsReleasesPublishesAndRetracts()
    {
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_agentCookie, $"/api/tasks/{_task}/claim", Json(), SameOrigin));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_agentCookie, $"/api/tasks/{_task}/release", Json(), null));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_ownerCookie, $"{Definitions}/csrf/publish", Json(), SameOrigin));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_ownerCookie, $"{Definitions}/csrf/retract", Json(), SameOrigin));
    }

    [Fact]
    public async Task ACookieSession_MaySendAFormWithItsAntiforgeryToken_ButNotWithAForgedOne()
    {
        var token = await _agentCookie.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/antiforgery");
        using var forged = Post($"/api/tasks/{_task}/claim", Form(), SameOrigin);
        forged.Headers.Add(token.GetProperty("headerName").GetString()!, "forged");
        using var genuine = Post($"/api/tasks/{_task}/claim", Form(), SameOrigin);
        genuine.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _agentCookie.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _agentCookie.SendAsync(genuine)).StatusCode);
    }

    [Fact]
    public async Task BearerTokenRequests_AreNotAffected_WhateverTheirOriginOrBody()
    {
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_agentToken, $"/api/tasks/{_task}/claim", Text(), EvilOrigin));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(_agentToken, $"/api/tasks/{_task}/release", null, EvilOrigin));
    }

    [Fact]
    public async Task ACookieSignIn_FromAnotherOrigin_IsRefused()
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }, disposeHandler: true) { BaseAddress = _server.BaseAddress };
        using var request = Post("/api/auth/login", JsonContent.Create(new { username = "agent", password = InProcessServer.DemoPassword }), EvilOrigin);

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheSessionCookie_IsHttpOnlyAndSameSiteStrict_AndSecureWheneverServedOverHttps()
    {
        using var http = _server.Anonymous();

        var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "agent", password = InProcessServer.DemoPassword });

        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("caseflow.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var options = _server.Get<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Equal(CookieSecurePolicy.SameAsRequest, options.Cookie.SecurePolicy);
    }

    // The dashboard's own buttons post forms: they pass the guard with the antiforgery token the page carries (in
    // <meta name="csrf-token">, sent by Hangfire's script in the header it names), and fail without it.
    [Fact]
    public async Task TheHangfireDashboardsButtons_WorkForASignedInAdmin_WithThePagesToken_AndNotWithoutIt()
    {
        using var admin = await BrowserAsync("admin");
        var page = await admin.GetStringAsync(new Uri("/hangfire/recurring", UriKind.Relative));
        string Meta(string name) => Regex.Match(page, $"<meta name=\"{name}\" content=\"([^\"]+)\"").Groups[1].Value;
        var job = Regex.Match(page, "name=\"jobs\\[\\]\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(job);
        HttpRequestMessage Trigger(bool withToken)
        {
            var request = Post("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", job)]), SameOrigin);
            if (withToken)
                request.Headers.Add(Meta("csrf-header"), Meta("csrf-token"));
            return request;
        }

        using var withoutToken = Trigger(withToken: false);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await admin.SendAsync(withoutToken)).StatusCode);
        using var withToken = Trigger(withToken: true);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(withToken)).StatusCode);
    }
}
