using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary>Cases filed before <c>CreatedBy</c> existed stay readable by the agent who filed them.</summary>
public sealed class CaseCreatedByMigrationTests
{
    [Fact]
    public async Task Upgrading_TakesTheFilerOfAnOldCase_FromItsIntakeTimelineEntry()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
            await db.GetService<IMigrator>().MigrateAsync("20261203182600_RedactSurveyLinks");
        await using (var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO Customers (Id, Name, Segment, CreatedAt, UpdatedAt) VALUES ('x', 'Li Wei', 'Regular', 0, 0);
                INSERT INTO Cases (Id, Number, Type, Channel, CustomerId, Description, Priority, Status, Fields, CreatedAt, UpdatedAt, Revision)
                VALUES ('filed', 'CF-2026-000001', 'Complaint', 'Phone', 'x', 'd', 'Normal', 'New', '{}', 0, 0, 0),
                       ('linked', 'CF-2026-000002', 'Complaint', 'Phone', 'x', 'd', 'Normal', 'New', '{}', 0, 0, 0);
                INSERT INTO TimelineEntries (CaseId, At, Kind, Title, Actor, SourceId)
                VALUES ('filed', 0, 'Case', 'Complaint received by phone', 'agent2', 'received'),
                       ('filed', 1, 'Note', 'Note added', 'agent', 'note:1'),
                       ('linked', 0, 'Case', 'Follow-up case of CF-2026-000001', NULL, 'received');
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await database.Services.MigrateCaseFlowDatabaseAsync();

        await using var after = database.CreateDbContext();
        var filers = await after.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => c.CreatedBy).ToListAsync();
        Assert.Equal(["agent2", null], filers);
    }
}
