using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api;

[Collection(HostCollection.Name)]
public sealed class AuthTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(_temp.Sub("data"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Token_IsIssuedForTheRightPassword_AndCarriesTheUsersRoles()
    {
        using var http = _server.Anonymous();

        var response = await http.PostAsJsonAsync("/api/auth/token", new { username = "supervisor", password = InProcessServer.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(7));
        using var signedIn = await _server.ClientAsync("supervisor");
        var me = await signedIn.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("supervisor", me.GetProperty("username").GetString());
        Assert.Equal(["Supervisor"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Token_IsRefused_ForAWrongPassword_AndMissingFieldsAreNamed()
    {
        using var http = _server.Anonymous();

        var wrong = await http.PostAsJsonAsync("/api/auth/token", new { username = "agent", password = "nope-nope-nope" });
        var missing = await http.PostAsJsonAsync("/api/auth/token", new { username = "" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("username", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task AClient_IsLockedOutOfAnAccountAfterRepeatedFailures_EvenForTheRightPassword()
    {
        using var http = _server.Anonymous();
        for (var i = 0; i < 5; i++)
            await http.PostAsJsonAsync("/api/auth/token", new { username = "agent2", password = "wrong-password-" + i });

        var locked = await http.PostAsJsonAsync("/api/auth/token", new { username = "agent2", password = InProcessServer.DemoPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal("Account locked", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheApi_IsClosedToAnonymousCallers_ButHealthDocsAndSurveysAreOpen()
    {
        using var http = _server.Anonymous();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/activity-descriptors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/scalar")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/s/unknown-token")).StatusCode);
    }

    [Fact]
    public async Task TheHangfireDashboard_IsForAdminsOnly()
    {
        using var agent = await _server.ClientAsync("agent");
        using var admin = await _server.ClientAsync("admin");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task ACookieSignIn_OpensTheApiToTheBrowser()
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = _server.BaseAddress };

        var login = await browser.PostAsJsonAsync("/api/auth/login", new { username = "owner", password = InProcessServer.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/activity-descriptors")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync("/api/auth/logout", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/activity-descriptors")).StatusCode);
    }
}
