using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Auth;
using CaseFlow.Workflows.Durability;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Startup;

public sealed class StartupOptions
{
    public string WorkflowsDirectory { get; set; } = "./workflows";
}

/// <summary>
/// Start-up, before the Hangfire server runs: (a) migrate the database (and create the configured departments; the
/// demo adds its organisation), (b) import the workflows folder, (c) recover
/// (every pending timer is scheduled again from the database — on SQLite, whose Hangfire storage is in memory; on
/// PostgreSQL the shared job storage kept them —, overdue ones fire now, undelivered outbox messages are dispatched again), (d) register the timer sweep and the triggers' recurring jobs, (e) start the latest
/// occurrence each scheduled trigger missed while down (<see cref="WorkflowJobOptions.MissedOccurrences"/>). With
/// in-memory Hangfire storage nothing survives a restart but the database, so this is what makes a restart lose nothing.
/// </summary>
internal sealed class StartupRecovery(
    IServiceProvider services,
    ImportWorkflowFilesHandler import,
    DurableWorkflowRuntime runtime,
    RecurringTriggerRegistrar triggers,
    ScheduledStarts scheduledStarts,
    IRecurringJobManager recurringJobs,
    BusinessCalendar calendar,
    IOptions<StartupOptions> startup,
    IOptions<WorkflowJobOptions> jobs,
    IOptions<CaseFlowDatabaseOptions> database,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<StartupRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Nodes on one PostgreSQL database start one at a time (the others wait here, then find the work done).
        await using var startupLock = await CaseFlow.Cases.Persistence.Postgres.StartupLock.AcquireAsync(database.Value, cancellationToken);
        await services.MigrateCaseFlowDatabaseAsync(cancellationToken);
        if (database.Value.IsPostgres)
            await HangfireSchema.InstallAsync(database.Value, cancellationToken);
        logger.LogInformation("Database {Path} is up to date", database.Value.ConnectionString is null ? database.Value.FilePath : "(connection string)");
        await using (var scope = services.CreateAsyncScope())
            await Roles.EnsureAsync(scope.ServiceProvider);
        var organisation = services.GetRequiredService<OrganisationSeeder>();
        await organisation.EnsureDepartmentsAsync(cancellationToken);
        if (DemoUsers.Enabled(configuration, environment))
        {
            var password = await DemoUsers.EnsureAsync(services, configuration);
            await organisation.EnsureDemoPeopleAsync(cancellationToken);
            var source = configuration[DemoUsers.PasswordKey] is { Length: > 0 } ? "from " + DemoUsers.PasswordKey : "generated for this run";
            Console.WriteLine($"Demo logins: {string.Join(", ", DemoUsers.All.Select(u => u.Name))}; password {password} ({source})");
        }

        var folder = Path.GetFullPath(startup.Value.WorkflowsDirectory);
        if (Directory.Exists(folder))
        {
            var report = await import.HandleAsync(new ImportWorkflowFiles(folder), cancellationToken);
            logger.LogInformation("Imported {Folder}: {Report}", folder, report);
            foreach (var error in report.Errors)
                logger.LogWarning("Workflow file {File} was not imported: {Message}", error.File, error.Message);
        }
        else
        {
            logger.LogInformation("No workflows folder at {Folder}; nothing imported", folder);
        }

        // Hangfire's PostgreSQL storage kept the future timers' jobs; the in-memory storage lost them with the process.
        await runtime.RecoverAsync(rescheduleFutureTimers: !database.Value.IsPostgres, cancellationToken);
        await services.GetRequiredService<CaseSweepJob>().RunAsync(cancellationToken);

        var interval = jobs.Value.TimerSweepInterval;
        var cron = CronSchedules.FromInterval(interval) ?? CronSchedules.FromInterval(TimeSpan.FromSeconds(15))!;
        if (CronSchedules.FromInterval(interval) is null)
            logger.LogWarning("Timer sweep interval {Interval} is not a divisor of a minute, hour or day; sweeping every 15 s", interval);
        recurringJobs.AddOrUpdate<TimerSweepJob>(TimerSweepJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurringJobs.AddOrUpdate<CaseSweepJob>(CaseSweepJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), "* * * * *", new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurringJobs.AddOrUpdate<ScheduleJob>(ScheduleJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), "* * * * *", new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurringJobs.AddOrUpdate<HotSpotReportJob>(HotSpotReportJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), jobs.Value.HotSpotReportCron, new RecurringJobOptions { TimeZone = calendar.TimeZone });
        var registered = await triggers.ReconcileAsync(cancellationToken);
        var missed = await scheduledStarts.RunMissedAsync(cancellationToken);
        if (jobs.Value.MissedOccurrences == MissedOccurrencePolicy.RunOnce)
            await CatchUpHotSpotReportAsync(cancellationToken);

        // The schedules' occurrences missed while no server ran: each runs once now (or is skipped, as configured).
        await services.GetRequiredService<ScheduleJob>().RunAsync(cancellationToken);
        logger.LogInformation("Recovered: timers rescheduled, outbox re-dispatched, sweep on '{Cron}', {Count} trigger jobs, {Missed} missed occurrences started", cron, registered.Count, missed.Count);
    }

    // A report missed while the server was down goes out once now (the weekly job's own idempotency key keeps it once).
    private async Task CatchUpHotSpotReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<HotSpotReportJob>().CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The hot-spot report's start-up catch-up failed; the weekly job sends the next one");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
