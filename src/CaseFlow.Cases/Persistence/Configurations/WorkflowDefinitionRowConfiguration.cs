using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class WorkflowDefinitionRowConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRow>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("WorkflowDefinitions");
        builder.HasKey(d => d.VersionId);
        builder.Property(d => d.Status).HasConversion<string>();
        builder.HasIndex(d => new { d.DefinitionId, d.Version }).IsUnique();
        builder.HasIndex(d => d.Name);
        builder.Property(d => d.CreatedBy).HasMaxLength(256);
        builder.Property(d => d.UpdatedBy).HasMaxLength(256);
        builder.Property(d => d.PublishedBy).HasMaxLength(256);
        builder.Property(d => d.RetractedBy).HasMaxLength(256);
    }
}
