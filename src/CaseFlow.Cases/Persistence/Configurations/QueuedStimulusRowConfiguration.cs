using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class QueuedStimulusRowConfiguration : IEntityTypeConfiguration<QueuedStimulusRow>
{
    public void Configure(EntityTypeBuilder<QueuedStimulusRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("QueuedStimuli");
        builder.HasKey(q => q.Id);
        builder.HasIndex(q => new { q.Name, q.Hash });
        builder.HasIndex(q => q.ExpiresAt);
    }
}
