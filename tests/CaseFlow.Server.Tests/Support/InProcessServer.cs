using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Server.Tests.Support;

/// <summary>
/// The real host (Program's composition: database, start-up recovery, Hangfire server on in-memory storage) in the
/// test process, on a data folder, listening on a free loopback port. Disposing it stops Hangfire and drops its
/// in-memory storage, so a second one on the same folder is a restart. Hangfire keeps its storage in a static, so
/// tests that host this run in the <see cref="HostCollection"/>, one at a time.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app) => _app = app;

    /// <summary>The demo users' password in every test host (Development: the demo logins exist).</summary>
    public const string DemoPassword = "Test-Password-42";

    /// <param name="configure">Last word on the host: a test clock, settings.</param>
    public static async Task<InProcessServer> StartAsync(string dataDirectory, string? workflowsDirectory = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection([
            new(DependencyInjection.DataDirectoryKey, dataDirectory),
            new(DependencyInjection.WorkflowsDirectoryKey, workflowsDirectory ?? Path.Combine(dataDirectory, "no-workflows-folder")),
            new("CaseFlow:Jobs:TimerSweepInterval", "00:00:01"),
            new("CaseFlow:DemoPassword", DemoPassword),
        ]);
        configure?.Invoke(builder);
        builder.Logging.ClearProviders();
        builder.AddCaseFlowServer();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapCaseFlowServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.StartAsync(timeout.Token);
        return new InProcessServer(app);
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Where the server listens (a free loopback port).</summary>
    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>An HTTP client with no credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>An HTTP client signed in as a demo user with a bearer token from <c>POST /api/auth/token</c>.</summary>
    public Task<HttpClient> ClientAsync(string user) => SignInAsync(Anonymous(), user);

    /// <summary>Signs <paramref name="http"/> in as a demo user: a bearer token on every request it sends.</summary>
    public static async Task<HttpClient> SignInAsync(HttpClient http, string user)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<WorkflowState> StartAsync(string definitionId, IDictionary<string, object?>? input = null)
    {
        var definition = await Get<EfWorkflowDefinitionStore>().FindAsync(definitionId, VersionSelector.PublishedVersion)
            ?? throw new InvalidOperationException($"no published {definitionId}");
        return await Get<DurableWorkflowRuntime>().StartAsync(definition, new StartWorkflowOptions { Input = input });
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Tests that host <see cref="InProcessServer"/> (Hangfire's static storage) or run real server processes: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "Hosts";
}
