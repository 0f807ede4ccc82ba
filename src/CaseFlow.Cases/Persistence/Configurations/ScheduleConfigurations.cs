using CaseFlow.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class ScheduleSettingConfiguration : IEntityTypeConfiguration<ScheduleSetting>
{
    public void Configure(EntityTypeBuilder<ScheduleSetting> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ScheduleSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.Cron).HasMaxLength(200);
        builder.Property(s => s.MissedOccurrences).HasMaxLength(20);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
        builder.Property(s => s.Revision).IsConcurrencyToken();
    }
}

public sealed class ScheduleRunConfiguration : IEntityTypeConfiguration<ScheduleRun>
{
    public void Configure(EntityTypeBuilder<ScheduleRun> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ScheduleRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ScheduleId).HasMaxLength(64);
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Detail).HasMaxLength(2000);
        builder.Property(r => r.RanBy).HasMaxLength(256);

        // One record per occurrence, whichever node gets there first.
        builder.HasIndex(r => r.Key).IsUnique();
        builder.HasIndex(r => new { r.ScheduleId, r.RanAt });
    }
}

public sealed class QaFindingConfiguration : IEntityTypeConfiguration<QaFinding>
{
    public void Configure(EntityTypeBuilder<QaFinding> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("QaFindings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Key).HasMaxLength(200);
        builder.Property(f => f.Agent).HasMaxLength(256);
        builder.Property(f => f.Finding).HasMaxLength(2000);
        builder.Property(f => f.WorkflowInstanceId).HasMaxLength(128);
        builder.HasIndex(f => f.Key).IsUnique();

        // Repeated findings: an agent's findings within the window.
        builder.HasIndex(f => new { f.Agent, f.FoundAt });
    }
}

public sealed class ServiceWindowConfiguration : IEntityTypeConfiguration<ServiceWindow>
{
    public void Configure(EntityTypeBuilder<ServiceWindow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ServiceWindows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).HasMaxLength(64);
        builder.Property(w => w.Name).HasMaxLength(200);
        builder.Property(w => w.Channel).HasMaxLength(40);
        builder.Property(w => w.AgentIds).HasJson();
        builder.Property(w => w.UpdatedBy).HasMaxLength(256);
        builder.Property(w => w.Revision).IsConcurrencyToken();
    }
}

public sealed class CustomerDataAccessConfiguration : IEntityTypeConfiguration<CustomerDataAccess>
{
    public void Configure(EntityTypeBuilder<CustomerDataAccess> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CustomerDataAccess");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserName).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(20);
        builder.Property(a => a.CaseId).HasMaxLength(64);
        builder.Property(a => a.CustomerId).HasMaxLength(64);
        builder.Property(a => a.Detail).HasMaxLength(500);
        builder.HasIndex(a => new { a.UserName, a.At });
        builder.HasIndex(a => a.CaseId);
        builder.HasIndex(a => a.CustomerId);
    }
}
