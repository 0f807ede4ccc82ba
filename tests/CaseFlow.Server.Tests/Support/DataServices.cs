using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.Support;

/// <summary>
/// The application over one data folder without a job server (like the CLI): the real SQLite file and EF stores,
/// the durable runtime, and a <see cref="ManualWorkScheduler"/> that records what would have gone to Hangfire.
/// Two of these on one folder behave like two processes sharing the database.
/// </summary>
internal sealed class DataServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private DataServices(ServiceProvider provider) => _provider = provider;

    /// <param name="clock">The process's clock (default: the system's); a shifted one lets a test look into the future.</param>
    public static async Task<DataServices> OpenAsync(string dataDirectory, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(DependencyInjection.DataDirectoryKey, dataDirectory)])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (clock is not null)
            services.AddSingleton(clock);
        services.AddCaseFlowData(configuration);
        var provider = services.BuildServiceProvider();
        await provider.MigrateCaseFlowDatabaseAsync();
        return new DataServices(provider);
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public DurableWorkflowRuntime Runtime => Get<DurableWorkflowRuntime>();

    public ManualWorkScheduler Scheduler => (ManualWorkScheduler)Get<IWorkflowWorkScheduler>();

    public async Task<ImportReport> ImportAsync(string folder)
    {
        var report = await Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(folder));
        Assert.Empty(report.Errors);
        return report;
    }

    public async Task<WorkflowState> StartAsync(string definitionId, IDictionary<string, object?>? input = null, string? correlationId = null)
    {
        var definition = await Get<EfWorkflowDefinitionStore>().FindAsync(definitionId, VersionSelector.PublishedVersion)
            ?? throw new InvalidOperationException($"no published {definitionId}");
        return await Runtime.StartAsync(definition, new StartWorkflowOptions { Input = input, CorrelationId = correlationId });
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>The system clock shifted by a fixed offset: a process that lives in the future.</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

/// <summary>The system clock plus an offset a test can move forward: time passes for the workflows (SLA clocks, follow-ups) while Hangfire and tokens keep real time.</summary>
internal sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>A clock that stands still until a test moves it: timers computed from it come due for a sweep only when the test says so.</summary>
internal sealed class FrozenClock(DateTimeOffset at) : TimeProvider
{
    private long _ticks = at.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
