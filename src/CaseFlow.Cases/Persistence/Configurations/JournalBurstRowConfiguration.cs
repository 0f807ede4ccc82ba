using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class JournalBurstRowConfiguration : IEntityTypeConfiguration<JournalBurstRow>
{
    public void Configure(EntityTypeBuilder<JournalBurstRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("JournalBursts");
        builder.HasKey(j => new { j.InstanceId, j.FirstSequence });
        builder.HasOne<WorkflowInstanceRow>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
