using System.Data.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Postgres;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary>
/// SQLite and PostgreSQL each have their own migrations; these keep them in step: each provider's migrations, applied
/// to an empty database, give the current model (nothing pending), and the two schemas have the same tables,
/// columns, nullability and indexes (the hand-written ones too).
/// </summary>
public sealed class ProviderMigrationsTests
{
    [PostgresFact]
    public async Task PostgresMigrations_OnAnEmptyDatabase_GiveTheCurrentModel_AndAPostgresContext()
    {
        await using var database = await TestDatabase.CreateAsync(postgres: true);
        await using var db = database.CreateDbContext();

        Assert.IsType<PostgresCaseFlowDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a PostgreSQL migration too (dotnet ef migrations add X --context PostgresCaseFlowDbContext -o Persistence/Postgres/Migrations)");
        Assert.False(File.Exists(database.FilePath), "No SQLite file beside a PostgreSQL database");
    }

    [PostgresFact]
    public async Task BothProvidersMigrations_GiveTheSameTablesColumnsAndIndexes()
    {
        await using var sqlite = await TestDatabase.CreateAsync();
        await using var postgres = await TestDatabase.CreateAsync(postgres: true);

        var sqliteSchema = await SqliteSchemaAsync(sqlite);
        var postgresSchema = await PostgresSchemaAsync(postgres);

        Assert.Equal(sqliteSchema.Columns, postgresSchema.Columns);
        Assert.Equal(sqliteSchema.Indexes, postgresSchema.Indexes);
        Assert.Contains("CaseTasks.IX_CaseTasks_Inbox_Assignee", postgresSchema.Indexes); // the hand-written expression indexes
        Assert.Contains("WorkflowInstances.Revision NOT NULL", postgresSchema.Columns);
    }

    [PostgresFact]
    public async Task InformationReports_AreAppendOnly_OnPostgres_AsOnSqlite()
    {
        await using var database = await TestDatabase.CreateAsync(postgres: true);
        await using var db = database.CreateDbContext();

        // PostgreSQL refuses the statement itself (a statement trigger), so no report is needed to show it.
        var update = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"InformationReports\" SET \"Sequence\" = 2"));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"InformationReports\""));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Like_IgnoresCase_OnPostgres_AsOnSqlite_SoSearchesFindTheSameRows()
    {
        await using var sqlite = await TestDatabase.CreateAsync();
        await using var postgres = await TestDatabase.CreateAsync(postgres: true);

        foreach (var database in new[] { sqlite, postgres })
        {
            await using var db = database.CreateDbContext();
            db.Customers.Add(new CaseFlow.Cases.Domain.Customer { Id = "c1", Name = "Li Wei", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            var pattern = CaseFlow.Cases.Features.Common.LikePattern.Containing("LI WEI");

            var found = await db.Customers.Where(c => EF.Functions.Like(c.Name, pattern, CaseFlow.Cases.Features.Common.LikePattern.EscapeCharacter)).Select(c => c.Name).ToListAsync();
            var literal = await db.Customers.Where(c => EF.Functions.Like(c.Name, "li\\_wei", "\\")).CountAsync();

            Assert.Equal(["Li Wei"], found);
            Assert.Equal(0, literal); // the escape still makes _ itself
        }
    }

    private sealed record Schema(List<string> Columns, List<string> Indexes);

    private static async Task<Schema> SqliteSchemaAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'");
        var columns = new List<string>();
        var indexes = new List<string>();
        foreach (var table in tables)
        {
            columns.AddRange(await ListAsync(connection, $"SELECT '{table}.' || name || CASE WHEN \"notnull\" = 1 OR pk = 1 THEN ' NOT NULL' ELSE '' END FROM pragma_table_info('{table}')"));
            indexes.AddRange(await ListAsync(connection, $"SELECT '{table}.' || name FROM pragma_index_list('{table}') WHERE origin <> 'pk' AND name NOT LIKE 'sqlite_autoindex%'"));
        }

        columns.Sort(StringComparer.Ordinal);
        indexes.Sort(StringComparer.Ordinal);
        return new Schema(columns, indexes);
    }

    private static async Task<Schema> PostgresSchemaAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = await ListAsync(connection,
            "SELECT table_name || '.' || column_name || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END FROM information_schema.columns " +
            "WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'");
        var indexes = await ListAsync(connection,
            "SELECT t.relname || '.' || i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid " +
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND NOT x.indisprimary AND t.relname <> '__EFMigrationsHistory'");
        columns.Sort(StringComparer.Ordinal);
        indexes.Sort(StringComparer.Ordinal);
        return new Schema(columns, indexes);
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
            result.Add(reader.GetString(0));
        return result;
    }
}
