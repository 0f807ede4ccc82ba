using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace CaseFlow.Server.Auth;

/// <summary>
/// Cross-site request forgery, for requests a browser sends with CaseFlow's cookie: a state change (POST, PUT,
/// PATCH, DELETE) must come from CaseFlow's own origin (an <c>Origin</c>, else <c>Referer</c>, header naming another
/// host is refused with 403) and carry a JSON body type or a valid antiforgery token (from
/// <c>GET /api/auth/antiforgery</c>, in its header; anything else, e.g. a plain form or <c>text/plain</c>, gets 415):
/// another site can only send JSON after a CORS preflight, which CaseFlow never grants, and cannot read a token. The cookie sign-in is checked
/// for its origin too (a forged sign-in would put the victim in the attacker's account). Bearer-token requests are
/// not touched (a script's token is not sent by browsers on their own), nor anonymous ones like the survey page.
/// </summary>
internal sealed class CrossSiteRequestGuard(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method) && !HttpMethods.IsTrace(request.Method))
        {
            var cookieSession = !AuthSetup.HasBearerToken(request) && http.User.Identity?.IsAuthenticated == true;
            var cookieSignIn = request.Path.StartsWithSegments("/api/auth/login", StringComparison.OrdinalIgnoreCase);
            if ((cookieSession || cookieSignIn) && !IsSameOrigin(request))
            {
                await RefuseAsync(http, StatusCodes.Status403Forbidden, "Cross-site request refused", "The request's Origin is not this server's.");
                return;
            }

            if (cookieSession && !request.HasJsonContentType() && !await HasAntiforgeryTokenAsync(http))
            {
                await RefuseAsync(http, StatusCodes.Status415UnsupportedMediaType, "JSON required",
                    "A browser session changes state only with Content-Type: application/json (send it even without a body) or an antiforgery token (GET /api/auth/antiforgery).");
                return;
            }
        }

        await next(http);
    }

    /// <summary>
    /// Same host and port as the request's Host header. A Host header without a port matches an Origin on its
    /// scheme's default port, so a TLS-terminating proxy that forwards Host (https Origin, http hop) still matches. No Origin and
    /// no Referer (a non-browser client) passes: browsers send Origin on every cross-origin POST.
    /// </summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var claimed = request.Headers.Origin.ToString();
        if (claimed.Length == 0)
            claimed = request.Headers.Referer.ToString();
        if (claimed.Length == 0)
            return true;
        if (!Uri.TryCreate(claimed, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https"))
            return false;
        var host = request.Host;
        return string.Equals(origin.Host, host.Host, StringComparison.OrdinalIgnoreCase) && origin.Port == (host.Port ?? (origin.IsDefaultPort ? origin.Port : -1));
    }

    private static async Task<bool> HasAntiforgeryTokenAsync(HttpContext http) =>
        http.RequestServices.GetService<IAntiforgery>() is { } antiforgery && await antiforgery.IsRequestValidAsync(http);

    private Task RefuseAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
