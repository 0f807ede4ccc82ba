using System.Net;
using System.Net.Http.Json;
using CaseFlow.Server.Cli;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api.Security;

/// <summary>
/// Sessions end when they should: signing out, a lock, a new password or new roles end every cookie and bearer
/// token issued before, on the running server and after a restart (the signing key persists, so without
/// revocation a token outlives both).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SessionRevocationTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private string _data = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _data = _temp.Sub("data");
        _server = await InProcessServer.StartAsync(_data);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    private async Task<(HttpClient Browser, string Cookie)> CookieAsync(string user)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        var browser = new HttpClient(handler, disposeHandler: true) { BaseAddress = _server.BaseAddress };
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { username = user, password = InProcessServer.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (browser, handler.CookieContainer.GetCookies(_server.BaseAddress)["caseflow.auth"]!.Value);
    }

    /// <summary>A copy of the cookie, sent by hand: what a thief who took it from the browser would replay.</summary>
    private async Task<HttpStatusCode> MeWithCookieAsync(string cookie)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }, disposeHandler: true) { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", "caseflow.auth=" + cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient http) => (await http.GetAsync("/api/auth/me")).StatusCode;

    private async Task UsersAsync(params string[] args) => Assert.Equal(0, await CommandLine.RunAsync(["users", .. args, "--data", _data]));

    [Fact]
    public async Task SigningOut_EndsTheCookieEvenWhenReplayed_AndEveryTokenOfThatUser()
    {
        using var token = await _server.ClientAsync("owner");
        using var otherUser = await _server.ClientAsync("agent");
        var (browser, cookie) = await CookieAsync("owner");
        using (browser)
        {
            Assert.Equal(HttpStatusCode.OK, await MeWithCookieAsync(cookie));

            using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout") { Content = JsonContent.Create(new { }) };
            Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(otherUser));
    }

    [Fact]
    public async Task SigningOutWithAToken_EndsThatToken()
    {
        using var token = await _server.ClientAsync("owner");

        Assert.Equal(HttpStatusCode.NoContent, (await token.PostAsync("/api/auth/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
    }

    [Fact]
    public async Task ANewPassword_EndsTokensAndCookiesIssuedBefore()
    {
        using var token = await _server.ClientAsync("agent");
        var (browser, cookie) = await CookieAsync("agent");
        browser.Dispose();

        await UsersAsync("password", "agent", "--password", "Another-Password-7");

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        using var anonymous = _server.Anonymous();
        var again = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "agent", password = "Another-Password-7" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task NewRoles_EndTokensAndCookiesIssuedBefore_WhichStillCarryTheOldRoles()
    {
        using var token = await _server.ClientAsync("supervisor");
        var (browser, cookie) = await CookieAsync("supervisor");
        browser.Dispose();

        await UsersAsync("roles", "supervisor", "--role", "Agent");

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
    }

    [Fact]
    public async Task ALock_EndsTokensAndCookiesIssuedBefore_AndRefusesTheRightPassword_UntilUnlocked()
    {
        using var token = await _server.ClientAsync("manager");
        var (browser, cookie) = await CookieAsync("manager");
        browser.Dispose();

        await UsersAsync("lock", "manager");

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "manager", password = InProcessServer.DemoPassword })).StatusCode);
        await UsersAsync("unlock", "manager");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "manager", password = InProcessServer.DemoPassword })).StatusCode);
    }

    [Fact]
    public async Task ATokenRevokedWhileTheServerWasDown_StaysRevokedAfterTheRestart_WhileOtherTokensSurviveIt()
    {
        using var revoked = await _server.ClientAsync("agent");
        using var kept = await _server.ClientAsync("supervisor");
        var token = revoked.DefaultRequestHeaders.Authorization;
        await _server.DisposeAsync();

        await UsersAsync("password", "agent", "--password", "Another-Password-7");
        _server = await InProcessServer.StartAsync(_data);

        using var afterRestart = _server.Anonymous();
        afterRestart.DefaultRequestHeaders.Authorization = token;
        using var keptAfterRestart = _server.Anonymous();
        keptAfterRestart.DefaultRequestHeaders.Authorization = kept.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(afterRestart));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(keptAfterRestart));
    }
}
