using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CaseFlow.Cases.Persistence;

/// <summary>
/// CaseFlow's database: workflow definitions (every version), durable instances with their bookmarks, journal,
/// written lines and incidents, the outbox, the stimulus queue and start triggers; customers, cases, their tasks,
/// notes, transfers and timelines; the organisation (departments, people); users and roles (ASP.NET Core Identity's tables). Used directly by handlers
/// (no repositories); created through <see cref="IDbContextFactory{TContext}"/> so singletons can use it.
/// </summary>
/// <remarks>
/// SQLite's migrations belong to this type; PostgreSQL's to <see cref="Postgres.PostgresCaseFlowDbContext"/>, a subtype
/// with the same model, so each provider keeps its own migration history (EF finds migrations by context type).
/// </remarks>
public class CaseFlowDbContext : IdentityDbContext<CaseFlowUser, IdentityRole, string>
{
    public CaseFlowDbContext(DbContextOptions<CaseFlowDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subtype (its options carry its own type).</summary>
    protected CaseFlowDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<WorkflowDefinitionRow> WorkflowDefinitions => Set<WorkflowDefinitionRow>();
    public DbSet<WorkflowInstanceRow> WorkflowInstances => Set<WorkflowInstanceRow>();
    public DbSet<BookmarkRow> Bookmarks => Set<BookmarkRow>();
    public DbSet<JournalBurstRow> JournalBursts => Set<JournalBurstRow>();
    public DbSet<WrittenLineRow> WrittenLines => Set<WrittenLineRow>();
    public DbSet<IncidentRow> Incidents => Set<IncidentRow>();
    public DbSet<OutboxMessageRow> OutboxMessages => Set<OutboxMessageRow>();
    public DbSet<QueuedStimulusRow> QueuedStimuli => Set<QueuedStimulusRow>();
    public DbSet<TriggerRow> Triggers => Set<TriggerRow>();

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseTask> CaseTasks => Set<CaseTask>();
    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();
    public DbSet<CaseTransfer> CaseTransfers => Set<CaseTransfer>();
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();
    public DbSet<NotificationMessage> Notifications => Set<NotificationMessage>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SlaClock> SlaClocks => Set<SlaClock>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Emergency> Emergencies => Set<Emergency>();
    public DbSet<Drill> Drills => Set<Drill>();
    public DbSet<ScheduleSetting> ScheduleSettings => Set<ScheduleSetting>();
    public DbSet<ScheduleRun> ScheduleRuns => Set<ScheduleRun>();
    public DbSet<QaFinding> QaFindings => Set<QaFinding>();
    public DbSet<ServiceWindow> ServiceWindows => Set<ServiceWindow>();
    public DbSet<CustomerDataAccess> CustomerDataAccess => Set<CustomerDataAccess>();
    public DbSet<InformationReport> InformationReports => Set<InformationReport>();
    public DbSet<CaseLink> CaseLinks => Set<CaseLink>();
    public DbSet<Risk> Risks => Set<Risk>();
    public DbSet<CommandRole> CommandRoles => Set<CommandRole>();
    public DbSet<Configurations.CaseNumberSequence> CaseNumberSequences => Set<Configurations.CaseNumberSequence>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CaseFlowDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // SQLite has no date type that orders correctly with offsets; UTC ticks keep "dueAt <= @now ORDER BY dueAt"
        // in SQL. Npgsql has timestamptz, so the conversion is SQLite's only.
        if (Database.IsSqlite())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        else if (Database.IsNpgsql())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>(); // timestamptz takes UTC only
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks and reads it back as UTC (the same instant).</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>Writes a <see cref="DateTimeOffset"/> as the same instant in UTC (PostgreSQL's <c>timestamptz</c> refuses other offsets).</summary>
public sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
