using System.Globalization;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using Microsoft.Data.Sqlite;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Persistence;

public sealed class DatabaseMigrationTests
{
    [Fact]
    public async Task Migrate_CreatesTheSchemaInAnEmptyFile_InWalMode()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.True(File.Exists(database.FilePath));
        await using var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        var tables = await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;");
        Assert.Superset(
            new HashSet<string> { "Bookmarks", "Incidents", "JournalBursts", "OutboxMessages", "QueuedStimuli", "Triggers", "WorkflowDefinitions", "WorkflowInstances", "WrittenLines", "__EFMigrationsHistory" },
            tables.ToHashSet());
        Assert.Contains(await ListAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory;"), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_IsANoOp_OnAnUpToDateDatabase_AndTheModelHasNoChangesWithoutAMigration()
    {
        await using var database = await TestDatabase.CreateAsync();

        await database.Services.MigrateCaseFlowDatabaseAsync();

        await using var db = database.CreateDbContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a migration (see Persistence/Migrations)");
    }

    [Fact]
    public async Task Connections_UseABusyTimeout_FullSync_ForeignKeys_AndRarerCheckpoints()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        Assert.Equal("5000", await ScalarAsync(connection, "PRAGMA busy_timeout;"));
        Assert.Equal("2", await ScalarAsync(connection, "PRAGMA synchronous;")); // FULL
        Assert.Equal("1", await ScalarAsync(connection, "PRAGMA foreign_keys;"));
        Assert.Equal(SqliteConnectionSetup.BackstopCheckpointPages.ToString(CultureInfo.InvariantCulture), await ScalarAsync(connection, "PRAGMA wal_autocheckpoint;"));
    }

    [Fact]
    public async Task TheBookmarkTable_IsWithoutRowid()
    {
        // EF Core cannot express WITHOUT ROWID: an EF table rebuild in a later migration (dropping or altering a column)
        // would silently make the table a rowid table again, and each commit would pay a B-tree more.
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        await connection.OpenAsync();

        var sql = await ScalarAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'Bookmarks';");

        Assert.EndsWith("WITHOUT ROWID", sql!.TrimEnd(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LinesJournalAndBookmarksWrittenBeforeTheBurstLinesMigration_AreReadAfterIt_AndNewLinesFollowInOrder()
    {
        await using var database = await TestDatabase.CreateAsync();
        var definition = await database.PublishAsync(TestDefinitions.WaitForEvent());
        var state = await database.Runtime.StartAsync(definition, new StartWorkflowOptions { CorrelationId = "case-1" });
        await using var migrating = database.CreateDbContext();
        var migrator = migrating.GetService<IMigrator>();
        await migrator.MigrateAsync("20261203224833_OrderedOutbox");
        await using (var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False"))
        {
            // The schema as it was: lines in their own table, rowid tables.
            await connection.OpenAsync();
            Assert.Equal("1", await ScalarAsync(connection, $"SELECT COUNT(*) FROM WrittenLines WHERE InstanceId = '{state.Id}';"));
        }

        await migrator.MigrateAsync();
        using var upgraded = database.NewProcess();
        var runtime = upgraded.GetRequiredService<DurableWorkflowRuntime>();
        var resumed = await runtime.PublishEventAsync("Approved", "case-1");

        Assert.Equal(1, resumed);
        await using var db = database.CreateDbContext();
        Assert.Equal(["before", "after"], await EfWorkflowInstanceStore.GetLinesAsync(db, state.Id));
        var journal = await runtime.GetJournalAsync(state.Id, 0, 1000);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(r => r.Sequence));
        Assert.Contains(journal, r => r.ActivityId == "after" && r.EventName == JournalEvents.Completed);
        Assert.Contains(journal, r => r.ActivityId == "before" && r.EventName == JournalEvents.Completed);
        Assert.Equal(1, await db.WrittenLines.CountAsync());
        Assert.Equal(1, await db.JournalBursts.CountAsync(j => j.Lines != null));
    }

    [Fact]
    public void Options_BuildTheFilePathFromTheDataDirectory_OrUseTheConnectionString()
    {
        var options = new CaseFlowDatabaseOptions { DataDirectory = "/tmp/cf", FileName = "x.db" };
        Assert.Equal("/tmp/cf/x.db", options.FilePath);
        Assert.Contains("Data Source=/tmp/cf/x.db", options.BuildConnectionString(), StringComparison.Ordinal);
        Assert.Contains("Default Timeout=5", options.BuildConnectionString(), StringComparison.Ordinal);

        var explicitString = new CaseFlowDatabaseOptions { ConnectionString = "Data Source=/var/lib/caseflow/c.db" }.BuildConnectionString();
        Assert.StartsWith("Data Source=/var/lib/caseflow/c.db", explicitString, StringComparison.Ordinal);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            result.Add(reader.GetString(0));
        return result;
    }
}
