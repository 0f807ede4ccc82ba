using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Reports;
using CaseFlow.Cases.Features.Surveys;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Features.TestRuns;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows;
using CaseFlow.Workflows.Activities;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases;

/// <summary>Registers the case-management application: the engine, CaseFlow's database and the durable runtime.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// Adds the workflow engine, the EF Core database (a pooled context factory; SQLite file from
    /// <see cref="CaseFlowDatabaseOptions"/>), the EF stores (replacing the engine's in-memory definition provider),
    /// the definition use cases and <see cref="DurableWorkflowRuntime"/>. The work scheduler defaults to
    /// <see cref="ManualWorkScheduler"/>; a host registers its Hangfire one first, or replaces it. Apply the schema
    /// with <see cref="DatabaseMigration.MigrateCaseFlowDatabaseAsync"/> on start-up.
    /// </summary>
    public static IServiceCollection AddCaseFlowCases(this IServiceCollection services, Action<CaseFlowDatabaseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCaseFlowWorkflows();

        // CaseFlow's own activities (HumanTask, SetCase...) beside Elsa's, in the palette and the runtime.
        services.Replace(ServiceDescriptor.Singleton(_ => CreateActivityRegistry()));

        var options = services.AddOptions<CaseFlowDatabaseOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CaseFlowDatabaseOptions>, CaseFlowDatabaseOptionsValidator>());
        services.TryAddSingleton<Features.Live.LiveUpdates>();
        services.TryAddSingleton<Features.Live.LiveChangesInterceptor>();
        services.TryAddSingleton(CreateDbContextFactory);

        services.TryAddSingleton<EfWorkflowDefinitionStore>();
        services.Replace(ServiceDescriptor.Singleton<IWorkflowDefinitionProvider>(sp => sp.GetRequiredService<EfWorkflowDefinitionStore>()));
        services.TryAddSingleton(sp => new EfWorkflowInstanceStore(sp.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>(), sp.GetRequiredService<TimeProvider>(), sp.GetServices<Persistence.Store.IBurstRows>()));
        services.TryAddSingleton<IWorkflowInstanceStore>(sp => sp.GetRequiredService<EfWorkflowInstanceStore>());
        services.TryAddSingleton<IWorkflowWorkScheduler, ManualWorkScheduler>();
        services.TryAddSingleton(_ => new DurableRuntimeOptions());
        services.TryAddSingleton(sp => new DurableWorkflowRuntime(
            sp.GetRequiredService<ActivityRegistry>(),
            sp.GetServices<IExpressionEvaluator>(),
            sp.GetRequiredService<IWorkflowDefinitionProvider>(),
            sp.GetRequiredService<IWorkflowInstanceStore>(),
            sp.GetRequiredService<IWorkflowWorkScheduler>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<WorkflowRunnerOptions>(),
            sp.GetRequiredService<DurableRuntimeOptions>(),
            sp.GetService<IWorkflowConsole>(),
            sp.GetServices<IOutboxMessageHandler>(),
            sp.GetService<ILogger<DurableWorkflowRuntime>>()));

        services.TryAddSingleton<SaveDraftHandler>();
        services.TryAddSingleton<PublishDefinitionHandler>();
        services.TryAddSingleton<RetractDefinitionHandler>();
        services.TryAddSingleton<DeleteDraftHandler>();
        services.TryAddSingleton<ImportWorkflowFilesHandler>();
        services.TryAddSingleton<ExportDefinitionsHandler>();

        services.AddOptions<CaseOptions>();
        services.AddOptions<BusinessCalendarOptions>();
        services.AddOptions<SlaOptions>();
        services.TryAddSingleton(sp => new BusinessCalendar(sp.GetRequiredService<IOptions<BusinessCalendarOptions>>().Value));
        services.TryAddSingleton(sp => new SlaPolicy(sp.GetRequiredService<IOptions<SlaOptions>>().Value, sp.GetRequiredService<BusinessCalendar>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, TaskCreatedHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Persistence.Store.IBurstRows, TaskRowsInBurst>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, CaseUpdatedHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, SlaClockHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, FollowUpScheduledHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, OpenCaseHandler>());
        services.TryAddSingleton<CreateCaseHandler>();
        services.TryAddSingleton<Features.Audit.CustomerDataAudit>();
        services.TryAddSingleton<GetCaseHandler>();
        services.TryAddSingleton<SearchCasesHandler>();
        services.AddOptions<HotSpotOptions>();
        services.TryAddSingleton<HotSpotReportQuery>();
        services.TryAddSingleton<Jobs.CaseSweepGate>();
        services.TryAddTransient<Jobs.CaseSweepJob>();
        services.TryAddTransient<Jobs.HotSpotReportJob>();
        services.TryAddSingleton<CaseCommands>();
        services.TryAddSingleton<TaskCommands>();
        services.AddOptions<Features.Organisation.OrganisationOptions>();
        services.TryAddSingleton<Features.Organisation.OrganisationSeeder>();
        services.TryAddSingleton<Features.Organisation.EscalationChain>();
        services.TryAddSingleton<Features.Tasks.EscalateOverdueTasksHandler>();
        services.TryAddSingleton<Features.Organisation.SavePersonHandler>();
        services.TryAddSingleton<Features.Organisation.SaveDepartmentHandler>();
        services.TryAddSingleton<Features.Organisation.ListPeopleHandler>();
        services.TryAddSingleton<Features.Organisation.ListDepartmentsHandler>();
        services.TryAddSingleton<Features.Organisation.GetPersonHandler>();
        services.TryAddSingleton<Features.Organisation.ServiceWindows>();
        services.AddOptions<Features.Emergencies.EmergencyOptions>()
            .Validate(o => o.Cadence.Values.All(v => v > TimeSpan.Zero), "CaseFlow:Emergencies:Cadence: every interval must be positive")
            .ValidateOnStart();
        services.TryAddSingleton<Features.Emergencies.RaiseEmergencyHandler>();
        services.TryAddSingleton<Features.Emergencies.HeldCases>();
        services.TryAddSingleton<Features.Emergencies.LinkedEmergencies>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, Features.Emergencies.HeldCases>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, Features.Emergencies.EmergencyUpdatedHandler>());
        services.TryAddSingleton<Features.Emergencies.SubmitInformationReportHandler>();
        services.TryAddSingleton<Features.Emergencies.GetEmergencyHandler>();
        services.TryAddSingleton<Features.Emergencies.DetectComplaintSpikesHandler>();
        services.TryAddSingleton<Features.Risks.RiskRegister>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, Features.Emergencies.RaiseEmergencyFromCaseHandler>());
        services.TryAddSingleton<Features.Emergencies.ListEmergenciesHandler>();
        services.AddOptions<Features.Drills.DrillOptions>()
            .Validate(o => o.Scenarios.Count > 0, "CaseFlow:Drills:Scenarios: at least one scenario")
            .ValidateOnStart();
        services.TryAddSingleton<Features.Drills.PlanDrillHandler>();
        services.TryAddSingleton<Features.Drills.GetDrillHandler>();
        services.TryAddSingleton<Features.Drills.ListDrillsHandler>();
        services.AddOptions<Features.Schedules.ScheduleOptions>()
            .Validate(o => o.Schedules.Values.All(s => Features.Schedules.ScheduleBook.ValidCron(s.Cron)), "CaseFlow:Schedules: every schedule needs a valid cron")
            .Validate(o => o.Schedules.Values.All(s => s.Action != Features.Schedules.ScheduleAction.Workflow || !string.IsNullOrWhiteSpace(s.Workflow)), "CaseFlow:Schedules: a Workflow schedule names its workflow")
            .ValidateOnStart();
        services.AddOptions<Features.Quality.QualityOptions>()
            .Validate(o => o.RepeatedFindings >= 1 && o.RepeatedWindow > TimeSpan.Zero, "CaseFlow:Quality: RepeatedFindings at least 1, RepeatedWindow positive")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, Features.Quality.QaFindingHandler>());
        services.TryAddSingleton<Features.Schedules.ScheduleActions>();
        services.TryAddSingleton<Features.Schedules.ScheduleBook>();
        services.TryAddTransient<Jobs.ScheduleJob>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, Features.Drills.DrillReportHandler>());
        services.AddNotifications();
        services.AddSurveys();
        services.AddTestRuns();
        Features.Kpis.KpisRegistration.AddKpis(services);
        return services;
    }

    /// <summary>Elsa's activities and CaseFlow's case activities: what definitions in <c>workflows/</c> may use.</summary>
    public static ActivityRegistry CreateActivityRegistry() => ActivityRegistry.CreateDefault().RegisterFrom(typeof(HumanTask).Assembly);

    /// <summary>
    /// A pooled context factory on the configured provider. On PostgreSQL it makes
    /// <see cref="Persistence.Postgres.PostgresCaseFlowDbContext"/>s (the same model; PostgreSQL's migrations), handed
    /// out as <see cref="CaseFlowDbContext"/> so nothing else needs to know the provider.
    /// </summary>
    private static IDbContextFactory<CaseFlowDbContext> CreateDbContextFactory(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CaseFlowDatabaseOptions>>().Value;
        var live = services.GetRequiredService<Features.Live.LiveChangesInterceptor>();
        if (options.IsPostgres)
        {
            var postgres = new DbContextOptionsBuilder<Persistence.Postgres.PostgresCaseFlowDbContext>();
            Configure(postgres).UseNpgsql(options.BuildPostgresConnectionString()).AddInterceptors(Persistence.Postgres.CaseInsensitiveLike.Instance);
            return new Persistence.Postgres.PostgresContextFactory(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<Persistence.Postgres.PostgresCaseFlowDbContext>(postgres.Options));
        }

        var sqlite = new DbContextOptionsBuilder<CaseFlowDbContext>();
        Configure(sqlite)
            .UseSqlite(options.BuildSqliteConnectionString())
            .AddInterceptors(new SqliteConnectionSetup(options.BusyTimeout, options.Synchronous));
        return new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<CaseFlowDbContext>(sqlite.Options);

        // As AddPooledDbContextFactory does: EF finds the host's logging through its services; and the live-update
        // interceptor. Nothing per container in the options that EF keys its internal services by (a logger factory
        // of one's own would be): a process with many containers (tests) would otherwise build one set per container.
        //
        // A failed command or save is logged at Debug, not Error: EF logs it before its caller sees the exception, and
        // the callers either handle it (an idempotent insert that lost a race to the same row, under load several a
        // minute: an error line each, though nothing failed) or let it go on, to be logged with the request's, the
        // job's or the message's scope (HTTP 500, a job's retry, a message handed to its retrying job).
        DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder) => builder
            .UseApplicationServiceProvider(services)
            .ConfigureWarnings(w => w.Log(
                (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Debug),
                (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Debug)))
            .AddInterceptors(live);
    }
}
