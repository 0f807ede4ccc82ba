using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class BookmarkRowConfiguration : IEntityTypeConfiguration<BookmarkRow>
{
    public void Configure(EntityTypeBuilder<BookmarkRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Bookmarks");

        // Keyed by instance first: a commit replaces an instance's bookmarks through the key, with no extra index.
        // Every index costs a page write per commit (about 30 µs on SQLite here), so there are only the two lookups.
        // The table is WITHOUT ROWID (clustered on its key, see the BurstLines migration): EF Core cannot say so.
        builder.HasKey(b => new { b.InstanceId, b.Id });
        builder.HasOne<WorkflowInstanceRow>().WithMany().HasForeignKey(b => b.InstanceId).OnDelete(DeleteBehavior.Cascade);
        // A correlated event (most events: a task completion, a case update) finds its one bookmark without visiting the
        // bookmarks of every other instance waiting for the same event name.
        builder.HasIndex(b => new { b.Name, b.Hash, b.CorrelationId });
        builder.HasIndex(b => b.DueAt).HasFilter("\"DueAt\" IS NOT NULL");
    }
}
