using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class TriggerRowConfiguration : IEntityTypeConfiguration<TriggerRow>
{
    public void Configure(EntityTypeBuilder<TriggerRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Triggers");
        builder.HasKey(t => t.Id);
        builder.HasOne<WorkflowDefinitionRow>().WithMany().HasForeignKey(t => t.DefinitionVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.Name, t.Hash });
        builder.HasIndex(t => t.DefinitionId);
        builder.HasIndex(t => t.DefinitionVersionId);
    }
}
