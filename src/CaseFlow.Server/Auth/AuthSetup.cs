using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace CaseFlow.Server.Auth;

/// <summary>
/// Authentication: ASP.NET Core Identity on CaseFlow's database; a cookie for the browser, bearer tokens (from
/// <c>POST /api/auth/token</c>) for scripts, one chosen per request by its Authorization header; sign-ins throttled
/// per client and locked out per (name, client) (<see cref="SignInGuard"/>); every session checked against the
/// user's security stamp (<see cref="SessionValidator"/>); cookie state changes guarded against cross-site requests
/// (<see cref="CrossSiteRequestGuard"/>). Authorization: <see cref="Policies"/>, authenticated by default.
/// </summary>
public static class AuthSetup
{
    public const string Scheme = "CaseFlow";
    public const string Issuer = "caseflow";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";

    /// <summary>The rate-limiter policy of the sign-in endpoints.</summary>
    public const string SignInRateLimit = "sign-in";

    /// <summary>Users and roles over CaseFlow's database (what the server and the <c>users</c> CLI verb share).</summary>
    public static IServiceCollection AddCaseFlowIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.SectionName));

        // Identity's stores want a scoped context; CaseFlow's is a pooled factory (singletons use it too).
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>().CreateDbContext());
        services.AddIdentityCore<CaseFlowUser>(o =>
            {
                // Wrong passwords lock a (name, client) pair, not the account (SignInGuard); Identity's lockout is
                // what an administrator sets (caseflow users lock).
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CaseFlowDbContext>()
            .AddSignInManager();
        return services;
    }

    public static WebApplicationBuilder AddCaseFlowAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddCaseFlowIdentity(builder.Configuration);
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var key = SigningKey.Load(options, DependencyInjection.DataDirectory(builder.Configuration));
        services.AddSingleton(new TokenIssuer(key, options.TokenLifetime));
        services.AddSingleton<SignInGuard>();
        services.AddScoped<DummyPasswordCheck>();
        services.AddScoped<SessionValidator>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.SignInPermitLimit,
                Window = options.SignInWindow,
                QueueLimit = 0,
            }));
            o.OnRejected = (context, cancellationToken) => TooManyAsync(context);
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                HasBearerToken(context.Request) ? JwtBearerDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = Issuer,
                    ValidAudience = Issuer,
                    IssuerSigningKey = key,
                    NameClaimType = NameClaim,
                    RoleClaimType = RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
                        if (await sessions.CurrentUserAsync(context.Principal!) is null)
                            context.Fail("The token was revoked.");
                    },
                };
            })
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "caseflow.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = options.TokenLifetime;

                // An API answers 401/403; it does not redirect to a login page.
                o.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = async context =>
                {
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
                    if (await sessions.CurrentUserAsync(context.Principal!) is null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                };
            });
        services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthorization(Policies.Add);
        return builder;
    }

    /// <summary>The sign-in throttle and the cross-site request guard; after authentication, before authorization.</summary>
    public static WebApplication UseCaseFlowRequestGuards(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        app.UseMiddleware<CrossSiteRequestGuard>();
        return app;
    }

    internal static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The client a sign-in comes from: its remote address (behind a reverse proxy, configure the forwarded-headers
    /// middleware so this is the real client, not the proxy).
    /// </summary>
    internal static string ClientKey(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
            return "unknown";
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static async ValueTask TooManyAsync(OnRejectedContext context)
    {
        var http = context.HttpContext;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many sign-in attempts",
                Detail = "This client sent too many sign-in requests; wait for the time in Retry-After.",
            },
        });
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>The signed-in user as the use cases see them.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = user.Identity as ClaimsIdentity;
        var roleType = identity?.RoleClaimType ?? ClaimTypes.Role;
        var roles = user.Claims.Where(c => c.Type == roleType || c.Type == ClaimTypes.Role || c.Type == RoleClaim).Select(c => c.Value);
        return new Actor(user.Identity?.Name ?? "", new HashSet<string>(roles, StringComparer.OrdinalIgnoreCase));
    }
}
