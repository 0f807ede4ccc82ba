using CaseFlow.Cases.Domain;
using Microsoft.AspNetCore.Identity;

namespace CaseFlow.Server.Auth;

/// <summary>Sign-in: a bearer token for scripts, a cookie for the browser; and who am I.</summary>
public static class AuthEndpoints
{
    public sealed record Credentials(string? Username, string? Password);

    public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

    public sealed record Me(string Username, IReadOnlyList<string> Roles);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/token", TokenAsync).AllowAnonymous()
            .WithSummary("Exchange a username and password for a bearer token")
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/login", LoginAsync).AllowAnonymous()
            .WithSummary("Sign in with a cookie (the web app)")
            .Produces<Me>().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", async (SignInManager<CaseFlowUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return Results.NoContent();
            })
            .RequireAuthorization()
            .WithSummary("Sign out (the cookie)");
        group.MapGet("/me", (HttpContext http) =>
            {
                var actor = http.User.ToActor();
                return Results.Ok(new Me(actor.UserName, [.. actor.Roles.Order(StringComparer.Ordinal)]));
            })
            .RequireAuthorization()
            .WithSummary("The signed-in user and their roles");
        return app;
    }

    private static async Task<IResult> TokenAsync(Credentials? body, UserManager<CaseFlowUser> users, SignInManager<CaseFlowUser> signIn, TokenIssuer tokens)
    {
        var (user, failure) = await CheckAsync(body, users, signIn);
        if (failure is not null)
            return failure;
        // Wall-clock time, not the application's TimeProvider: the token is checked against real time.
        var (token, expiresAt) = tokens.Issue(user!.Id, user.UserName!, await users.GetRolesAsync(user), DateTimeOffset.UtcNow);
        return Results.Ok(new TokenResponse(token, expiresAt));
    }

    private static async Task<IResult> LoginAsync(Credentials? body, UserManager<CaseFlowUser> users, SignInManager<CaseFlowUser> signIn)
    {
        var (user, failure) = await CheckAsync(body, users, signIn);
        if (failure is not null)
            return failure;
        await signIn.SignInAsync(user!, isPersistent: false);
        return Results.Ok(new Me(user!.UserName!, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)]));
    }

    private static async Task<(CaseFlowUser? User, IResult? Failure)> CheckAsync(Credentials? body, UserManager<CaseFlowUser> users, SignInManager<CaseFlowUser> signIn)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body?.Username))
            errors["username"] = ["The username is required."];
        if (string.IsNullOrEmpty(body?.Password))
            errors["password"] = ["The password is required."];
        if (errors.Count > 0)
            return (null, Results.ValidationProblem(errors));

        var user = await users.FindByNameAsync(body!.Username!.Trim());
        if (user is null)
            return (null, Unauthorized("Invalid username or password."));
        var result = await signIn.CheckPasswordSignInAsync(user, body.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return (null, Results.Problem(title: "Account locked", detail: "Too many failed sign-ins; try again later.", statusCode: StatusCodes.Status401Unauthorized));
        return result.Succeeded ? (user, null) : (null, Unauthorized("Invalid username or password."));
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(title: "Sign-in failed", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
}
