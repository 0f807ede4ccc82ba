using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class JournalRowConfiguration : IEntityTypeConfiguration<JournalRow>
{
    public void Configure(EntityTypeBuilder<JournalRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("JournalRecords");
        builder.HasKey(j => new { j.InstanceId, j.Sequence });
        builder.HasOne<WorkflowInstanceRow>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
