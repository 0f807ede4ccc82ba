using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class OutboxMessageRowConfiguration : IEntityTypeConfiguration<OutboxMessageRow>
{
    public void Configure(EntityTypeBuilder<OutboxMessageRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("OutboxMessages");
        builder.HasKey(o => o.Id);

        // No foreign key to the instance: a message (a child's completion, an event) outlives what produced it.
        builder.HasIndex(o => new { o.DispatchedAt, o.CreatedAt });

        // Every dispatch first looks up the instance's undelivered messages before it, in order.
        builder.HasIndex(o => new { o.InstanceId, o.Sequence });
    }
}
