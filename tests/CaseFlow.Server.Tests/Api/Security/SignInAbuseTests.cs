using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Cases.Domain;
using CaseFlow.Server.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.Api.Security;

/// <summary>
/// Sign-in under attack: a stranger may neither tell real names from unknown ones nor lock a real user out;
/// a client that keeps guessing is throttled. Clients are told apart by remote address (<see cref="ClientAddress"/>).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SignInAbuseTests : IAsyncLifetime, IDisposable
{
    private const string Attacker = "203.0.113.7";
    private const string RealUser = "198.51.100.20";
    private const int PermitLimit = 12;

    private readonly TempDirectory _temp = new();
    private readonly CountingPasswordHasher _hasher = new();
    private readonly AdjustableClock _clock = new();
    private InProcessServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_temp.Sub("data"), configure: b =>
        {
            ClientAddress.Install(b);
            b.Services.AddSingleton<IPasswordHasher<CaseFlowUser>>(_hasher);
            b.Services.AddSingleton<TimeProvider>(_clock);
            b.Configuration["CaseFlow:Auth:SignInPermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        _http = _server.Anonymous();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    private Task<HttpResponseMessage> SignInAsync(string user, string password, string client) =>
        _http.SendAsync(ClientAddress.Post("/api/auth/token", new { username = user, password }, client));

    private static async Task<string?> TitleAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString();

    [Fact]
    public async Task AnUnknownName_CostsOnePasswordVerification_JustLikeAKnownNameWithAWrongPassword()
    {
        // The time a sign-in takes is the hash verification's: counting them is the timing without a stopwatch.
        _hasher.Reset();
        var known = await SignInAsync("agent", "wrong-password-1", Attacker);
        var knownVerifications = _hasher.Verifications;
        _hasher.Reset();
        var unknown = await SignInAsync("no-such-user", "wrong-password-1", Attacker);

        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(1, knownVerifications);
        Assert.Equal(1, _hasher.Verifications);
        Assert.Equal(await TitleAsync(known), await TitleAsync(unknown));
    }

    [Fact]
    public async Task WrongPasswordsFromOneClient_LockOnlyThatClientOut_TheRealUserSignsInFromAnother()
    {
        for (var i = 0; i < 5; i++)
            await SignInAsync("admin", "wrong-password-" + i, Attacker);

        var attackerWithTheRightPassword = await SignInAsync("admin", InProcessServer.DemoPassword, Attacker);
        var realUser = await SignInAsync("admin", InProcessServer.DemoPassword, RealUser);

        Assert.Equal(HttpStatusCode.Unauthorized, attackerWithTheRightPassword.StatusCode);
        Assert.Equal("Account locked", await TitleAsync(attackerWithTheRightPassword));
        Assert.Equal(HttpStatusCode.OK, realUser.StatusCode);
    }

    [Fact]
    public async Task AnUnknownName_IsLockedOutLikeARealOne_SoTheLockoutDoesNotRevealWhichNamesExist()
    {
        HttpResponseMessage? real = null, unknown = null;
        for (var i = 0; i < 6; i++)
        {
            real = await SignInAsync("manager", "wrong-password-" + i, Attacker);
            unknown = await SignInAsync("no-such-manager", "wrong-password-" + i, Attacker);
        }

        Assert.Equal("Account locked", await TitleAsync(real!));
        Assert.Equal("Account locked", await TitleAsync(unknown!));
    }

    [Fact]
    public async Task TheClientLockout_EndsAfterTheLockoutDuration()
    {
        for (var i = 0; i < 5; i++)
            await SignInAsync("agent", "wrong-password-" + i, Attacker);
        var locked = await SignInAsync("agent", InProcessServer.DemoPassword, Attacker);

        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var later = await SignInAsync("agent", InProcessServer.DemoPassword, Attacker);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task AClientThatKeepsTrying_Gets429WithRetryAfter_WhileOtherClientsStillSignIn()
    {
        // Spread over many names, so the per-name lockout alone would never stop it.
        for (var i = 0; i < PermitLimit; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("user" + i, "wrong-password", Attacker)).StatusCode);

        var throttled = await SignInAsync("agent", InProcessServer.DemoPassword, Attacker);
        var cookieThrottled = await _http.SendAsync(ClientAddress.Post("/api/auth/login", new { username = "agent", password = InProcessServer.DemoPassword }, Attacker));
        var other = await SignInAsync("agent", InProcessServer.DemoPassword, RealUser);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType!.MediaType);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a wait");
        Assert.Equal(HttpStatusCode.TooManyRequests, cookieThrottled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    /// <summary>The real hasher, counting its verifications.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<CaseFlowUser>
    {
        private readonly PasswordHasher<CaseFlowUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public void Reset() => Interlocked.Exchange(ref _verifications, 0);

        public string HashPassword(CaseFlowUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(CaseFlowUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
