using CaseFlow.Cases;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Reports;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Features.Surveys;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Api;
using CaseFlow.Server.Auth;
using CaseFlow.Server.Startup;
using CaseFlow.Server.Surveys;
using CaseFlow.Server.WebApp;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions.Liquid;
using CaseFlow.Workflows.Runtime;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace CaseFlow.Server;

/// <summary>Composes the host: the database, the durable runtime on Hangfire, health and the activity palette. The HTTP API and authentication arrive with their issues.</summary>
public static class DependencyInjection
{
    /// <summary>Where the server listens when nothing is configured (<see cref="ListenAddresses"/>).</summary>
    public const string DefaultUrl = ListenAddresses.DefaultUrl;

    /// <summary>Folder of the SQLite database (<c>caseflow.db</c>); default <c>./data</c>. The CLI reads the same key (<c>--data</c>, env <c>CaseFlow__DataDirectory</c>).</summary>
    public const string DataDirectoryKey = "CaseFlow:DataDirectory";

    /// <summary>SQLite <c>synchronous</c>: FULL (default: an fsync per commit, shared by concurrent bursts; a power cut loses nothing) or NORMAL (a killed process loses nothing).</summary>
    public const string SynchronousKey = "CaseFlow:Database:Synchronous";

    /// <summary>Which database: <c>Sqlite</c> (default) or <c>Postgres</c>. Another value stops the start with a message (never a quiet fallback).</summary>
    public const string ProviderKey = "CaseFlow:Database:Provider";

    /// <summary>The database's connection string (<c>ConnectionStrings:CaseFlow</c>): required for PostgreSQL; for SQLite it replaces the data folder's file.</summary>
    public const string ConnectionStringName = "CaseFlow";

    /// <summary>Folder of the shipped workflow files imported on start-up; default <c>./workflows</c>.</summary>
    public const string WorkflowsDirectoryKey = "CaseFlow:WorkflowsDirectory";

    /// <summary>Largest request body accepted (bytes); default 1 MiB. Larger bodies get 413.</summary>
    public const string MaxRequestBodyBytesKey = "CaseFlow:Api:MaxRequestBodyBytes";

    /// <summary>Liquid limits (<see cref="LiquidOptions"/>: TimeLimit, MaxIterations, MaxTemplateLength, MaxNestingDepth, MaxOutputLength).</summary>
    public const string LiquidSectionName = "CaseFlow:Liquid";

    /// <summary>Largest estimated size in bytes of one stored variable or output; default 1 MiB (<see cref="WorkflowRunnerOptions.MaxVariableSize"/>).</summary>
    public const string MaxVariableSizeKey = "CaseFlow:Workflows:MaxVariableSize";

    /// <summary>How deep one stored variable or output may nest; default 32 (<see cref="WorkflowRunnerOptions.MaxVariableDepth"/>).</summary>
    public const string MaxVariableDepthKey = "CaseFlow:Workflows:MaxVariableDepth";

    public static WebApplicationBuilder AddCaseFlowServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (ListenAddresses.DefaultFor(builder.Configuration) is { } fallback)
            builder.WebHost.UseUrls(fallback);
        RequireSharedKeys(builder.Configuration);
        builder.AddCaseFlowTelemetry();
        builder.Services.AddCaseFlowData(builder.Configuration);
        builder.Services.AddCaseFlowJobs(builder.Configuration);
        builder.AddCaseFlowAuth();
        builder.Services.AddCaseFlowApi(builder.Configuration);
        builder.Services.AddCaseFlowWebApp(builder.Configuration);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>(MaxRequestBodyBytesKey) ?? 1_048_576);
        return builder;
    }

    /// <summary>Settings every node of a PostgreSQL deployment must share (each would otherwise make its own key in its data folder).</summary>
    internal static readonly string[] SharedKeys = ["CaseFlow:Auth:SigningKey", "CaseFlow:Surveys:LinkKey"];

    /// <summary>
    /// On PostgreSQL (several nodes, or one that may become several), the keys that sign sign-in tokens and survey
    /// links come from configuration, the same on every node: a token issued by one node must be good on the others,
    /// and a survey link made by one node must be rebuilt by whichever node sends it. Missing, the start stops here.
    /// </summary>
    private static void RequireSharedKeys(ConfigurationManager configuration)
    {
        if (!string.Equals(configuration[ProviderKey], CaseFlowDatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase))
            return;
        var missing = SharedKeys.Where(k => string.IsNullOrWhiteSpace(configuration[k])).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"CaseFlow:Database:Provider is Postgres, so every node must use the same keys: set {string.Join(" and ", missing)} (each at least 32 random bytes in base64, e.g. from `openssl rand -base64 48`; the same value on every node, kept in a secret store).");
        }
    }

    /// <summary>The application over CaseFlow's database, configured from <see cref="DataDirectoryKey"/>: what the server and the CLI share.</summary>
    public static IServiceCollection AddCaseFlowData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddEngineLimits(services, configuration);
        services.AddCaseFlowCases(o =>
        {
            o.DataDirectory = DataDirectory(configuration);
            if (configuration[SynchronousKey] is { Length: > 0 } synchronous)
                o.Synchronous = synchronous;
            if (configuration[ProviderKey] is { Length: > 0 } provider)
                o.Provider = provider;
            if (configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString)
                o.ConnectionString = connectionString;
        });
        services.TryAddSingleton<TriggeredStarts>();
        services.TryAddSingleton<WorkflowEventDispatcher>();

        // Case management settings; each section's defaults are the documented ones (README, Configuration).
        services.Configure<CaseOptions>(configuration.GetSection("CaseFlow:Cases"));
        services.Configure<BusinessCalendarOptions>(configuration.GetSection(BusinessCalendarOptions.SectionName));
        services.Configure<SlaOptions>(configuration.GetSection(SlaOptions.SectionName));
        services.Configure<HotSpotOptions>(configuration.GetSection("CaseFlow:Reports:HotSpots"));
        services.Configure<NotificationOptions>(configuration.GetSection("CaseFlow:Notifications"));
        services.Configure<SurveyOptions>(configuration.GetSection("CaseFlow:Surveys"));
        services.Configure<OrganisationOptions>(configuration.GetSection(OrganisationOptions.SectionName));
        services.Configure<EmergencyOptions>(configuration.GetSection(EmergencyOptions.SectionName));
        services.Configure<CaseFlow.Cases.Features.Drills.DrillOptions>(configuration.GetSection(CaseFlow.Cases.Features.Drills.DrillOptions.SectionName));
        services.Configure<CaseFlow.Cases.Features.Quality.QualityOptions>(configuration.GetSection(CaseFlow.Cases.Features.Quality.QualityOptions.SectionName));
        services.Configure<CaseFlow.Cases.Features.Schedules.ScheduleOptions>(configuration.GetSection(CaseFlow.Cases.Features.Schedules.ScheduleOptions.SectionName));
        services.Configure<CaseFlow.Cases.Features.Kpis.HeatmapOptions>(configuration.GetSection(CaseFlow.Cases.Features.Kpis.HeatmapOptions.SectionName));
        return services;
    }

    // Registered before the engine, whose TryAdd defaults then give way. Read once: the evaluators and the runner are singletons.
    private static void AddEngineLimits(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => configuration.GetSection(LiquidSectionName).Get<LiquidOptions>() ?? new LiquidOptions());
        services.TryAddSingleton(sp =>
        {
            var options = new WorkflowRunnerOptions { Services = sp };
            options.MaxVariableSize = configuration.GetValue(MaxVariableSizeKey, options.MaxVariableSize);
            options.MaxVariableDepth = configuration.GetValue(MaxVariableDepthKey, options.MaxVariableDepth);
            return options;
        });
    }

    /// <summary>
    /// Hangfire with in-memory storage as the trigger of timers and outbox deliveries (the database stays the source
    /// of truth), the start-up recovery, and the recurring timer sweep. Hosted services start in registration order:
    /// the recovery (migrate, import, recover) runs before the Hangfire server takes its first job.
    /// </summary>
    public static IServiceCollection AddCaseFlowJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<WorkflowJobOptions>(configuration.GetSection(WorkflowJobOptions.SectionName));
        services.Configure<StartupOptions>(o => o.WorkflowsDirectory = configuration[WorkflowsDirectoryKey] is { Length: > 0 } folder ? folder : "./workflows");
        services.AddHangfire((sp, c) =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseFilter(new Telemetry.JobFailureMetrics());
            var database = sp.GetRequiredService<IOptions<CaseFlowDatabaseOptions>>().Value;
            if (database.IsPostgres)
            {
                // Several nodes share one queue and one set of recurring jobs (each occurrence runs on one node), in
                // the "hangfire" schema of CaseFlow's own database.
                c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.BuildPostgresConnectionString()), new PostgreSqlStorageOptions
                {
                    SchemaName = HangfireSchema.Name,
                    // Installed by the start-up, one node at a time (HangfireSchema): installs racing each other fail.
                    PrepareSchemaIfNecessary = false,
                    // Workers wake on NOTIFY when a job is queued (the next task appears at once), and poll as a fallback.
                    EnableLongPolling = true,
                    QueuePollInterval = TimeSpan.FromMilliseconds(200),
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                });
            }
            else
            {
                c.UseInMemoryStorage();
            }
        });
        services.TryAddSingleton<OutboxRelay>();
        services.TryAddSingleton<TimerHolds>();
        services.TryAddSingleton<TimerBuckets>();
        services.TryAddSingleton<HangfireWorkScheduler>();
        services.Replace(ServiceDescriptor.Singleton<IWorkflowWorkScheduler>(sp => sp.GetRequiredService<HangfireWorkScheduler>()));
        services.TryAddSingleton<SweepGate>();
        services.TryAddSingleton<RecurringTriggerRegistrar>();
        services.TryAddSingleton<ScheduledStarts>();
        services.AddHostedService<StartupRecovery>();
        services.AddHostedService<OutboxRelayService>();
        services.AddHostedService<TimerHoldsService>();
        services.AddCaseFlowReadiness();
        // Several nodes on PostgreSQL: each node's saves reach the others' open screens (does nothing on SQLite).
        services.TryAddSingleton<PostgresLiveRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveRelay>());

        // Due timers are looked for every TimerPollingInterval (250 ms): each fires well within a second of its due time.
        services.AddHangfireServer((sp, o) => o.SchedulePollingInterval = sp.GetRequiredService<IOptions<WorkflowJobOptions>>().Value.TimerPollingInterval);
        return services;
    }

    /// <summary>Problem details, OpenAPI, AutoMapper profiles (licence key from <c>AutoMapper:LicenseKey</c>).</summary>
    public static IServiceCollection AddCaseFlowApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddCaseFlowRequestLimits(configuration);

        // Bad bodies throw, so ApiExceptionHandler answers them with problem details naming the field (not a bare 400).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // Enums travel by name (what clients and the OpenAPI document see), never as numbers.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi();
        services.AddAutoMapper(cfg => cfg.LicenseKey = configuration["AutoMapper:LicenseKey"], typeof(DependencyInjection).Assembly);
        return services;
    }

    public static WebApplication MapCaseFlowServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The app's files before routing: the app's fallback route matches every path, and a matched endpoint makes the
        // static-file middleware stand aside.
        app.UseCaseFlowWebAppFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseCaseFlowRequestGuards();
        app.UseAuthorization();

        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous().WithTags("Health");
        app.MapCaseFlowReadiness();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/scalar").AllowAnonymous();
        app.MapAuthEndpoints();
        app.MapGet("/api/activity-descriptors", (ActivityRegistry registry) => Results.Ok(new { items = registry.Descriptors.Where(d => d.IsBrowsable) }))
            .RequireAuthorization(Policies.ReadDefinitions).WithTags("Definitions").WithSummary("The activity palette: every activity's inputs, outputs and ports");
        app.MapApiEndpoints();
        app.MapSurveyPage();
        app.MapCaseFlowWebApp();

        // Operations only: the dashboard can trigger and delete jobs.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AppPath = null }).RequireAuthorization(Policies.Admin);

        // After the start the server's addresses are the bound ones (a port 0 resolved, a wildcard for ports-only settings).
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
                Console.WriteLine($"CaseFlow listening on {url} (API reference: {url}/scalar)");
        });
        return app;
    }

    internal static string DataDirectory(IConfiguration configuration) =>
        configuration[DataDirectoryKey] is { Length: > 0 } folder ? folder : "./data";
}
