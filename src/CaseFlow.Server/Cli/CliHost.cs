using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Auth;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Server.Cli;

/// <summary>
/// The services the database verbs use: the same application and SQLite file as the server, configured by the same
/// keys (<c>--data DIR</c>, else env <c>CaseFlow__DataDirectory</c>, else <c>./data</c>). There is no job server in
/// the CLI: outbox messages its commands produce are delivered before it exits, and timers are left in the database
/// for the server (its sweep and recovery) or <c>caseflow timers fire-due</c>.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliHost(ServiceProvider services) => _services = services;

    public static Option<string?> DataOption() =>
        new("--data") { HelpName = "DIR", Description = "Folder of CaseFlow's database (default: env CaseFlow__DataDirectory, else ./data)." };

    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public IConfiguration Configuration => Get<IConfiguration>();

    public static async Task<CliHost> OpenAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrEmpty(dataDirectory))
            overrides[DependencyInjection.DataDirectoryKey] = dataDirectory;
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Critical)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddCaseFlowData(configuration);
        services.AddCaseFlowIdentity(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.MigrateCaseFlowDatabaseAsync(cancellationToken);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return new CliHost(provider);
    }

    /// <summary>Delivers the outbox messages this command's bursts produced (and those their delivery produced).</summary>
    public async Task DeliverOutboxAsync(CancellationToken cancellationToken)
    {
        if (Get<IWorkflowWorkScheduler>() is not ManualWorkScheduler scheduler)
            return;
        var dispatcher = Get<WorkflowEventDispatcher>();
        var delivered = 0;
        for (var pending = scheduler.Dispatches; delivered < pending.Count; pending = scheduler.Dispatches)
        {
            for (; delivered < pending.Count; delivered++)
                await dispatcher.DispatchAsync(pending[delivered], cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>A value given on the command line: JSON when it parses as JSON, else the text itself.</summary>
    public static object? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text) is { } node ? ValueConverter.FromNode(node) : null;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>Writes "caseflow VERB: message" to stderr and returns the usage exit code (2).</summary>
    public static int Fail(string verb, string message)
    {
        Console.Error.WriteLine($"caseflow {verb}: {message}");
        return 2;
    }
}
