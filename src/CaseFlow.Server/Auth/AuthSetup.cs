using System.Security.Claims;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace CaseFlow.Server.Auth;

/// <summary>
/// Authentication: ASP.NET Core Identity on CaseFlow's database; a cookie for the browser, bearer tokens (from
/// <c>POST /api/auth/token</c>) for scripts, one chosen per request by its Authorization header; lockout after
/// repeated failures. Authorization: <see cref="Policies"/>, authenticated by default.
/// </summary>
public static class AuthSetup
{
    public const string Scheme = "CaseFlow";
    public const string Issuer = "caseflow";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";

    /// <summary>Users and roles over CaseFlow's database (what the server and the <c>users</c> CLI verb share).</summary>
    public static IServiceCollection AddCaseFlowIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.SectionName));

        // Identity's stores want a scoped context; CaseFlow's is a pooled factory (singletons use it too).
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>().CreateDbContext());
        services.AddIdentityCore<CaseFlowUser>(o =>
            {
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = options.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = options.LockoutDuration;
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

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : IdentityConstants.ApplicationScheme)
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
            })
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "caseflow.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = options.TokenLifetime;

                // An API answers 401/403; it does not redirect to a login page.
                o.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorization(Policies.Add);
        return builder;
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
