using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.Support;

/// <summary>
/// Test hosts only: every request on loopback comes from 127.0.0.1, so a request names the client it plays with
/// the <see cref="Header"/> header, which becomes its remote address before any of the application's middleware runs.
/// </summary>
internal sealed class ClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public static void Install(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter, ClientAddress>();

    public static HttpRequestMessage Post(string path, object body, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add(Header, client);
        return request;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
