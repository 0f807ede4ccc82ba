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
        if (options.IsPostgres)
        {
            await MigratePostgresAsync(db, options, cancellationToken);
            return;
        }

        if (db.Database.IsSqlite())
        {
            // WAL is stored in the file: readers never block the writer, and one fsync-free commit per burst.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Applies PostgreSQL's migrations. Nodes starting together are serialized by EF's migration lock; a database that
    /// cannot be reached stops the start with where CaseFlow looked (never the password) and why.
    /// </summary>
    private static async Task MigratePostgresAsync(CaseFlowDbContext db, CaseFlowDatabaseOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(options, ex);
        }
    }

    /// <summary>The start-up error for a PostgreSQL database CaseFlow cannot use: where it looked (never the password) and why.</summary>
    internal static InvalidOperationException Unreachable(CaseFlowDatabaseOptions options, Exception ex) => new(
        $"CaseFlow cannot use its PostgreSQL database {options.DescribePostgres()} (ConnectionStrings:CaseFlow): {ex.Message}. Check that the server runs, that the address, database name and credentials are right, and that this machine may connect.",
        ex);
}
