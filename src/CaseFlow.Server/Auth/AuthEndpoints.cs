using CaseFlow.Cases.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace CaseFlow.Server.Auth;

/// <summary>Sign-in: a bearer token for scripts, a cookie for the browser; and who am I.</summary>
public static class AuthEndpoints
{
    public sealed record Credentials(string? Username, string? Password);

    public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

    public sealed record Me(string Username, IReadOnlyList<string> Roles);

    public sealed record AntiforgeryToken(string HeaderName, string Token);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/token", TokenAsync).AllowAnonymous().RequireRateLimiting(AuthSetup.SignInRateLimit)
            .WithSummary("Exchange a username and password for a bearer token")
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(AuthSetup.SignInRateLimit)
            .WithSummary("Sign in with a cookie (the web app)")
            .Produces<Me>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/logout", LogoutAsync)
            .RequireAuthorization()
            .WithSummary("Sign out: ends every session of the user (cookies and bearer tokens)");
        group.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return Results.Ok(new AntiforgeryToken(tokens.HeaderName!, tokens.RequestToken!));
            })
            .RequireAuthorization()
            .WithSummary("A token for a browser session's non-JSON state changes: send it in the named header");
        group.MapGet("/me", (HttpContext http) =>
            {
                var actor = http.User.ToActor();
                return Results.Ok(new Me(actor.UserName, [.. actor.Roles.Order(StringComparer.Ordinal)]));
            })
            .RequireAuthorization()
            .WithSummary("The signed-in user and their roles");
        return app;
    }

    private static async Task<IResult> TokenAsync(Credentials? body, HttpContext http, UserManager<CaseFlowUser> users, SignInGuard guard, DummyPasswordCheck dummy, TokenIssuer tokens)
    {
        var (user, failure) = await CheckAsync(body, http, users, guard, dummy);
        if (failure is not null)
            return failure;
        // Wall-clock time, not the application's TimeProvider: the token is checked against real time.
        var (token, expiresAt) = tokens.Issue(user!.Id, user.UserName!, await users.GetRolesAsync(user), await users.GetSecurityStampAsync(user), DateTimeOffset.UtcNow);
        return Results.Ok(new TokenResponse(token, expiresAt));
    }

    private static async Task<IResult> LoginAsync(Credentials? body, HttpContext http, UserManager<CaseFlowUser> users, SignInManager<CaseFlowUser> signIn, SignInGuard guard, DummyPasswordCheck dummy)
    {
        var (user, failure) = await CheckAsync(body, http, users, guard, dummy);
        if (failure is not null)
            return failure;
        await signIn.SignInAsync(user!, isPersistent: false);
        return Results.Ok(new Me(user!.UserName!, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)]));
    }

    /// <summary>A new security stamp ends this session and every other one of the user's, on every server, restarts included.</summary>
    private static async Task<IResult> LogoutAsync(HttpContext http, UserManager<CaseFlowUser> users, SignInManager<CaseFlowUser> signIn)
    {
        if (SessionValidator.UserId(http.User) is { Length: > 0 } id && await users.FindByIdAsync(id) is { } user)
            await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Results.NoContent();
    }

    private static async Task<(CaseFlowUser? User, IResult? Failure)> CheckAsync(
        Credentials? body, HttpContext http, UserManager<CaseFlowUser> users, SignInGuard guard, DummyPasswordCheck dummy)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body?.Username))
            errors["username"] = ["The username is required."];
        if (string.IsNullOrEmpty(body?.Password))
            errors["password"] = ["The password is required."];
        if (errors.Count > 0)
            return (null, Results.ValidationProblem(errors));

        var name = body!.Username!.Trim();
        var client = AuthSetup.ClientKey(http);
        if (guard.IsLockedOut(name, client))
            return (null, Locked());

        // One hash verification whether or not the name exists: the answer's timing does not tell them apart.
        var user = await users.FindByNameAsync(name);
        bool valid;
        if (user is null || !await users.HasPasswordAsync(user))
        {
            dummy.Verify(body.Password!);
            valid = false;
        }
        else
        {
            valid = await users.CheckPasswordAsync(user, body.Password!);
        }

        if (!valid)
            return (null, guard.RecordFailure(name, client) ? Locked() : Unauthorized("Invalid username or password."));
        guard.RecordSuccess(name, client);

        // Told only to whoever knows the password: an administrator locked the account (caseflow users lock).
        if (await users.IsLockedOutAsync(user!))
            return (null, Results.Problem(title: "Account locked", detail: "This account is locked; ask an administrator.", statusCode: StatusCodes.Status401Unauthorized));
        return (user, null);
    }

    private static IResult Locked() =>
        Results.Problem(title: "Account locked", detail: "Too many failed sign-ins from this client; try again later.", statusCode: StatusCodes.Status401Unauthorized);

    private static IResult Unauthorized(string detail) =>
        Results.Problem(title: "Sign-in failed", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
}
