using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Persistence;

public static class DatabaseMigration
{
    /// <summary>
    /// Creates the data folder and the database file owner-only (<see cref="DataFolder"/>), switches the SQLite file to WAL mode and applies every pending EF migration.
    /// Call once on start-up, before anything reads the database.
    /// </summary>
    public static async Task MigrateCaseFlowDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<CaseFlowDatabaseOptions>>().Value;
        if (options.ConnectionString is null)
            DataFolder.EnsureDatabaseFile(options.FilePath, services.GetService<ILoggerFactory>()?.CreateLogger(typeof(DataFolder)));

        var factory = services.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL is stored in the file: readers never block the writer, and one fsync-free commit per burst.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
