using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class IncidentRowConfiguration : IEntityTypeConfiguration<IncidentRow>
{
    public void Configure(EntityTypeBuilder<IncidentRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Incidents");
        builder.HasKey(i => i.Id);
        builder.HasOne<WorkflowInstanceRow>().WithMany().HasForeignKey(i => i.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.InstanceId);
        builder.HasIndex(i => i.Timestamp);
    }
}
