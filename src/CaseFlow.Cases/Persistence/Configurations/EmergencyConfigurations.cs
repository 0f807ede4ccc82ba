using CaseFlow.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class DrillConfiguration : IEntityTypeConfiguration<Drill>
{
    public void Configure(EntityTypeBuilder<Drill> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Drills");
        builder.HasKey(d => d.CaseId);
        builder.HasOne<Case>().WithOne().HasForeignKey<Drill>(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Scenario).HasMaxLength(64);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.ScheduleKey).HasMaxLength(200);
        builder.HasIndex(d => d.ScheduleKey).IsUnique();
        builder.HasIndex(d => new { d.Scenario, d.PlannedFor });
    }
}

public sealed class EmergencyConfiguration : IEntityTypeConfiguration<Emergency>
{
    public void Configure(EntityTypeBuilder<Emergency> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Emergencies");
        builder.HasKey(e => e.CaseId);
        builder.HasOne<Case>().WithOne().HasForeignKey<Emergency>(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.ReportedBy).HasMaxLength(256);
        builder.Property(e => e.ReporterPersonId).HasMaxLength(64);
        builder.Property(e => e.SuggestedLevel).HasConversion<string>().HasMaxLength(4);
        builder.Property(e => e.Level).HasConversion<string>().HasMaxLength(4);
        builder.Property(e => e.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Scope).HasMaxLength(4000);
        builder.Property(e => e.Departments).HasJson();
        builder.Property(e => e.WorkflowUpdateSequences).HasJson();
        builder.Property(e => e.Revision).IsConcurrencyToken();
        builder.Property(e => e.TriggerKey).HasMaxLength(200);
        builder.HasIndex(e => e.TriggerKey).IsUnique();

        // The board: active emergencies by stage; the spike detector: the open one of an event type.
        builder.HasIndex(e => e.Stage);
        builder.HasIndex(e => new { e.EventType, e.Stage });
    }
}

public sealed class InformationReportConfiguration : IEntityTypeConfiguration<InformationReport>
{
    public void Configure(EntityTypeBuilder<InformationReport> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("InformationReports");
        builder.HasKey(r => r.Id);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.EventType).HasMaxLength(64);
        builder.Property(r => r.Departments).HasJson();
        builder.Property(r => r.Scope).HasMaxLength(4000);
        builder.Property(r => r.Cause).HasMaxLength(4000);
        builder.Property(r => r.Measures).HasMaxLength(4000);
        builder.Property(r => r.FollowUp).HasMaxLength(4000);
        builder.Property(r => r.Losses).HasMaxLength(4000);
        builder.Property(r => r.Form).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Recipients).HasJson();
        builder.Property(r => r.SubmittedBy).HasMaxLength(256);

        // Sequence numbers are the report history's order: two submissions at once cannot take the same one.
        builder.HasIndex(r => new { r.CaseId, r.Sequence }).IsUnique();
    }
}

public sealed class CaseLinkConfiguration : IEntityTypeConfiguration<CaseLink>
{
    public void Configure(EntityTypeBuilder<CaseLink> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CaseLinks");
        builder.HasKey(l => l.Id);
        builder.HasOne<Case>().WithMany().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(l => l.LinkedCaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(l => l.Reason).HasMaxLength(500);
        builder.Property(l => l.LinkedBy).HasMaxLength(256);

        // A case is linked to another once; the other side finds its emergency.
        builder.HasIndex(l => new { l.CaseId, l.LinkedCaseId }).IsUnique();
        builder.HasIndex(l => l.LinkedCaseId);
    }
}

public sealed class CommandRoleConfiguration : IEntityTypeConfiguration<CommandRole>
{
    public void Configure(EntityTypeBuilder<CommandRole> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CommandRoles");
        builder.HasKey(r => r.Id);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Role).HasMaxLength(64);
        builder.Property(r => r.PersonId).HasMaxLength(64);
        builder.Property(r => r.AssignedBy).HasMaxLength(256);

        // One holder per role per emergency (a new assignment replaces the holder).
        builder.HasIndex(r => new { r.CaseId, r.Role }).IsUnique();
    }
}

public sealed class RiskConfiguration : IEntityTypeConfiguration<Risk>
{
    public void Configure(EntityTypeBuilder<Risk> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Risks");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.Title).HasMaxLength(200);
        builder.Property(r => r.Description).HasMaxLength(4000);
        builder.Property(r => r.SpecialPlan).HasMaxLength(4000);
        builder.Property(r => r.Owner).HasMaxLength(256);
        builder.Property(r => r.EmergencyCaseId).HasMaxLength(64);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.Category).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Grade).HasConversion<int>();
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.HasIndex(r => new { r.Category, r.Grade });
    }
}
