using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class WrittenLineRowConfiguration : IEntityTypeConfiguration<WrittenLineRow>
{
    public void Configure(EntityTypeBuilder<WrittenLineRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("WrittenLines");
        builder.HasKey(l => new { l.InstanceId, l.Revision });
        builder.HasOne<WorkflowInstanceRow>().WithMany().HasForeignKey(l => l.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
