using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Cases.Tests.Support;

/// <summary>
/// A fresh SQLite file in its own temp folder (or, with <c>postgres: true</c>, a fresh database on the tests'
/// PostgreSQL server), migrated, with CaseFlow's services over it. <see cref="NewProcess"/> builds a second,
/// independent container over the same database (what a restart, or another node, looks like).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly Action<IServiceCollection>? _configure;
    private readonly Action<CaseFlowDatabaseOptions>? _database;

    private TestDatabase(string folder, Action<IServiceCollection>? configure, Action<CaseFlowDatabaseOptions>? database, string? postgres = null)
    {
        Folder = folder;
        PostgresConnectionString = postgres;
        _configure = configure;
        _database = database;
        Services = Build();
    }

    public string Folder { get; }

    /// <summary>The PostgreSQL database's connection string; null on SQLite.</summary>
    public string? PostgresConnectionString { get; }

    public bool IsPostgres => PostgresConnectionString is not null;
    public string FilePath => Path.Combine(Folder, "caseflow.db");
    public TestClock Clock { get; } = new();
    public ServiceProvider Services { get; }

    public IDbContextFactory<CaseFlowDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>();
    public EfWorkflowInstanceStore Store => Services.GetRequiredService<EfWorkflowInstanceStore>();
    public EfWorkflowDefinitionStore Definitions => Services.GetRequiredService<EfWorkflowDefinitionStore>();
    public DurableWorkflowRuntime Runtime => Services.GetRequiredService<DurableWorkflowRuntime>();
    public ManualWorkScheduler Scheduler => (ManualWorkScheduler)Services.GetRequiredService<IWorkflowWorkScheduler>();

    /// <param name="configure">Last word on the services (e.g. a decorated store), for every container over the file.</param>
    /// <param name="database">Database options beyond the folder (e.g. a longer busy timeout), for every container over the file.</param>
    /// <param name="postgres">On a new database of the tests' PostgreSQL server instead of a SQLite file.</param>
    public static async Task<TestDatabase> CreateAsync(Action<IServiceCollection>? configure = null, Action<CaseFlowDatabaseOptions>? database = null, bool postgres = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "caseflow-tests", Guid.NewGuid().ToString("N"));
        var created = new TestDatabase(folder, configure, database, postgres ? await CaseFlow.Tests.Shared.PostgresServer.CreateDatabaseAsync() : null);
        await created.Services.MigrateCaseFlowDatabaseAsync();
        return created;
    }

    /// <summary>Another container (own context factory, stores, caches and runtime) over the same file.</summary>
    public ServiceProvider NewProcess() => Build();

    public CaseFlowDbContext CreateDbContext() => DbFactory.CreateDbContext();

    private readonly HashSet<string> _dispatched = [];

    /// <summary>Delivers every outbox message handed to the scheduler so far, and those they lead to (what Hangfire does after each commit).</summary>
    public async Task DrainAsync()
    {
        for (var round = 0; round < 100; round++)
        {
            var pending = Scheduler.Dispatches.Where(id => !_dispatched.Contains(id)).ToList();
            if (pending.Count == 0)
                return;
            foreach (var id in pending)
            {
                _dispatched.Add(id);
                await Runtime.DispatchAsync(id);
            }
        }

        throw new InvalidOperationException("The outbox did not settle after 100 rounds");
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Saves and publishes a definition; returns it as the engine sees it.</summary>
    public async Task<Workflows.Definitions.WorkflowDefinition> PublishAsync(Workflows.Definitions.WorkflowDefinition definition)
    {
        await Get<SaveDraftHandler>().HandleAsync(new SaveDraft(definition));
        var published = await Get<PublishDefinitionHandler>().HandleAsync(new PublishDefinition(definition.DefinitionId));
        return (await Definitions.FindByVersionIdAsync(published!.VersionId))!;
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddLogging(); // no providers: the jobs that log can be resolved, nothing is written
        services.AddCaseFlowCases(o =>
        {
            o.DataDirectory = Folder;
            if (PostgresConnectionString is not null)
            {
                o.Provider = CaseFlowDatabaseOptions.Postgres;
                o.ConnectionString = PostgresConnectionString;
            }

            _database?.Invoke(o);
        });
        _configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
        if (IsPostgres)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            return;
        }

        using (var connection = new SqliteConnection(new CaseFlowDatabaseOptions { DataDirectory = Folder }.BuildConnectionString()))
            SqliteConnection.ClearPool(connection);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
    }
}
