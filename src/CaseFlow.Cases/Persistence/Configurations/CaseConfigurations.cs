using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Phone).HasMaxLength(50);
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.Property(c => c.Segment).HasConversion<string>().HasMaxLength(20);

        // Intake finds a returning customer by phone or email.
        builder.HasIndex(c => c.Phone);
        builder.HasIndex(c => c.Email);
    }
}

public sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.HasIndex(c => c.Number).IsUnique();
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Priority).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Category).HasMaxLength(64);
        builder.Property(c => c.Owner).HasMaxLength(256);
        builder.Property(c => c.CreatedBy).HasMaxLength(256);
        builder.Property(c => c.IntakeKey).HasMaxLength(CreateCaseHandler.MaxIntakeKeyLength + 257);
        builder.HasIndex(c => c.IntakeKey).IsUnique();
        builder.Property(c => c.Fields).HasPlainJson();
        builder.Property(c => c.WorkflowUpdateSequences).HasJson();
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).IsRequired(false).OnDelete(DeleteBehavior.Restrict);

        // Search: by status, category, owner, customer and intake date.
        builder.HasIndex(c => new { c.Status, c.CreatedAt });
        builder.HasIndex(c => new { c.Category, c.CreatedAt });
        builder.HasIndex(c => c.Owner);
        builder.HasIndex(c => c.CustomerId);
        builder.HasIndex(c => c.CreatedAt);
        builder.HasIndex(c => c.WorkflowInstanceId);
        builder.HasIndex(c => c.ParentCaseId);
    }
}

public sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CaseTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Title).HasMaxLength(500);
        builder.Property(t => t.Kind).HasMaxLength(20);
        builder.Property(t => t.Assignee).HasMaxLength(256);
        builder.Property(t => t.CandidateRole).HasMaxLength(64);
        builder.Property(t => t.Department).HasMaxLength(64);
        builder.Property(t => t.Outcome).HasMaxLength(128);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);

        // A number (Low 0 … Urgent 3), unlike the case's: "most urgent first" is then an index's order.
        builder.Property(t => t.Priority).HasConversion<int>();
        builder.Property(t => t.CaseType).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Category).HasMaxLength(64);
        builder.Property(t => t.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Outcomes).HasJson();
        builder.Property(t => t.Form).HasJson();
        builder.Property(t => t.Data).HasPlainJson();
        builder.Property(t => t.Revision).IsConcurrencyToken();

        // Inboxes: a case's tasks; the views, filters and orders have indexes on expressions (the InboxFilters
        // migration creates them: the model cannot say "upper(Assignee)" or "DueAt IS NULL").
        builder.HasIndex(t => t.CaseId);
        builder.HasIndex(t => t.WorkflowInstanceId);

        // The escalation sweep: open escalating tasks by due time.
        builder.HasIndex(t => new { t.Status, t.Escalates, t.DueAt });
    }
}

public sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CaseNotes");
        builder.HasKey(n => n.Id);
        builder.HasIndex(n => n.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CaseTransferConfiguration : IEntityTypeConfiguration<CaseTransfer>
{
    public void Configure(EntityTypeBuilder<CaseTransfer> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CaseTransfers");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("TimelineEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Code).HasMaxLength(40);
        builder.Property(e => e.Args).HasJson().HasDefaultValueSql("'{}'");
        builder.HasIndex(e => new { e.CaseId, e.At });

        // A redelivered job writes the same event again: the second insert is refused.
        builder.HasIndex(e => new { e.CaseId, e.SourceId }).IsUnique();
    }
}

/// <summary>The last case number handed out per year (numbers restart every year: CF-2026-000001).</summary>
public sealed class CaseNumberSequence
{
    public int Year { get; set; }
    public long Last { get; set; }
}

public sealed class CaseNumberSequenceConfiguration : IEntityTypeConfiguration<CaseNumberSequence>
{
    public void Configure(EntityTypeBuilder<CaseNumberSequence> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("CaseNumberSequences");
        builder.HasKey(s => s.Year);
        builder.Property(s => s.Year).ValueGeneratedNever();
    }
}

public sealed class NotificationMessageConfiguration : IEntityTypeConfiguration<NotificationMessage>
{
    public void Configure(EntityTypeBuilder<NotificationMessage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.IdempotencyKey).HasMaxLength(256);
        builder.HasIndex(n => n.IdempotencyKey).IsUnique();
        builder.Property(n => n.RecipientKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Channel).HasMaxLength(20);
        builder.HasIndex(n => new { n.CaseId, n.CreatedAt });
        builder.HasIndex(n => new { n.Status, n.CreatedAt });
    }
}

public sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Surveys");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.HasIndex(s => s.CaseId);
        builder.HasIndex(s => new { s.Status, s.ExpiresAt });
    }
}

public sealed class SlaClockConfiguration : IEntityTypeConfiguration<SlaClock>
{
    public void Configure(EntityTypeBuilder<SlaClock> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("SlaClocks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(128);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => c.CaseId);
        builder.HasIndex(c => new { c.Status, c.DueAt });
        builder.HasIndex(c => new { c.WorkflowInstanceId, c.Name });
    }
}
