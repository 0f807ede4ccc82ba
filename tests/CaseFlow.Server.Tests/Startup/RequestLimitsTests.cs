using System.Net;
using System.Net.Http.Json;
using System.Threading.RateLimiting;
using CaseFlow.Server.Api;
using CaseFlow.Server.Tests.Api.Definitions;
using CaseFlow.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Server.Tests.Startup;

public sealed class RequestLimitsTests
{
    // Found by the load benchmark: 128 clients on one PostgreSQL node drained Npgsql's pool of 100 connections and
    // requests failed with 500 after waiting 15 s. Now the API takes a bounded number at once, queues the rest and
    // answers 503 when the line is full. The test takes the only place itself, so the request it sends must be turned away.
    [Fact]
    public async Task An_API_request_that_finds_every_place_taken_and_the_line_full_is_answered_503_with_Retry_After()
    {
        using var dir = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path, configure: b => b.Configuration.AddInMemoryCollection([
            new("CaseFlow:Http:MaxConcurrentRequests", "1"),
            new("CaseFlow:Http:QueueLimit", "0"),
        ]));
        using var http = await server.ClientAsync("agent");
        var limiter = server.Get<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;

        using (var taken = limiter.AttemptAcquire(Request("/api/tasks")))
        {
            Assert.True(taken.IsAcquired);

            using var refused = await http.GetAsync("/api/tasks");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("Busy", (await refused.JsonAsync()).GetProperty("title").GetString());

            // Not counted: health, the live stream's place is never taken by waiting screens.
            using var live = await http.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.True(limiter.AttemptAcquire(Request("/api/live")).IsAcquired);
        }

        using var served = await http.GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Sign_in_throttling_keeps_its_own_429_answer()
    {
        using var dir = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Path, configure: b => b.Configuration.AddInMemoryCollection([
            new("CaseFlow:Auth:SignInPermitLimit", "1"),
        ]));
        using var http = server.Anonymous();

        using var first = await http.PostAsJsonAsync("/api/auth/token", new { username = "agent", password = "wrong" });
        using var second = await http.PostAsJsonAsync("/api/auth/token", new { username = "agent", password = "wrong" });

        Assert.Equal((HttpStatusCode)429, second.StatusCode);
    }

    [Fact]
    public void A_database_that_times_out_or_has_no_free_connection_is_a_503_not_a_server_error()
    {
        var poolExhausted = new NpgsqlException("The connection pool has been exhausted", new TimeoutException());
        var wrapped = new InvalidOperationException("An exception was thrown while executing the query", poolExhausted);

        Assert.Equal(503, ApiExceptionHandler.Describe(wrapped)?.Status);
        Assert.Null(ApiExceptionHandler.Describe(new NpgsqlException("syntax error")));
    }

    private static DefaultHttpContext Request(string path) => new() { Request = { Path = path } };
}
