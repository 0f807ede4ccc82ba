using System.Text.Json;
using CaseFlow.Cases.Features.Live;
using CaseFlow.Server.Auth;
using Microsoft.AspNetCore.Http.Features;

namespace CaseFlow.Server.Api.Live;

/// <summary>
/// <c>GET /api/live</c>: a server-sent event stream telling the web app which tasks and cases changed, as they are
/// saved, so inboxes, task pages and case pages refresh within a second without a reload. Events: <c>ready</c> on
/// (re)connecting, after which the app refetches what it shows (it may have missed changes while away); <c>change</c>
/// with <c>{"kind":"task"|"case","id":…,"caseId":…}</c>; <c>reset</c> when this stream fell behind and dropped changes
/// (refetch everything); a comment every 20 s keeps idle connections open through proxies.
/// </summary>
/// <remarks>
/// Ids only: what a reader then fetches is what the API's visibility rules give them, so the stream needs no rules of
/// its own beyond the policy (task and case ids are random and carry nothing).
/// </remarks>
public static class LiveEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/live", StreamAsync).RequireAuthorization(Policies.ReadCases).WithTags("Live")
            .WithSummary("Server-sent events: which tasks and cases changed, as they are saved")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    private static async Task StreamAsync(HttpContext http, LiveUpdates live, CancellationToken cancellationToken)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var subscription = live.Subscribe();
        try
        {
            // Reconnect after 2 s if the connection drops (the browser does it by itself).
            await http.Response.WriteAsync("retry: 2000\n", cancellationToken);
            await WriteAsync(http.Response, "ready", "{}", cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!await WaitAsync(subscription, cancellationToken))
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (subscription.Dropped())
                    await WriteAsync(http.Response, "reset", "{}", cancellationToken);
                while (subscription.Changes.TryRead(out var change))
                {
                    if (ReferenceEquals(change, LiveChange.Wake))
                        continue; // only woke the stream for the reset above
                    await WriteAsync(http.Response, "change", JsonSerializer.Serialize(new { change.Kind, change.Id, change.CaseId }, Json), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser went away (a closed tab, a reload): nothing to finish.
        }
    }

    // True when changes are waiting; false when the keep-alive interval passed without any.
    private static async Task<bool> WaitAsync(LiveUpdates.Subscription subscription, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(KeepAlive);
        try
        {
            return await subscription.Changes.WaitToReadAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task WriteAsync(HttpResponse response, string name, string data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {name}\ndata: {data}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
