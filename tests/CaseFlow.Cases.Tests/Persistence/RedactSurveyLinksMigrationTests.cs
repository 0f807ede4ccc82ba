using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CaseFlow.Cases.Tests.Persistence;

/// <summary>Databases from before derived survey links hold customers' links in clear; upgrading removes them.</summary>
public sealed class RedactSurveyLinksMigrationTests
{
    private const string Token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";
    private const string OldBody = "How satisfied are you with how we handled case CF-2026-000001?\n\n"
        + "Please answer with a score from 1 (very dissatisfied) to 5 (very satisfied): http://127.0.0.1:5080/s/" + Token + "\n\n"
        + "The link works once, until 2026-11-30 10:00 UTC.";

    [Fact]
    public async Task Upgrading_ReplacesOldSurveyLinks_InTheMessageLogAndTheTimeline_AndLeavesOtherMessagesAlone()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
            await db.GetService<IMigrator>().MigrateAsync("20261123084123_Identity");
        await using (var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO Notifications (Id, IdempotencyKey, CaseId, RecipientKind, Recipient, Channel, Subject, Body, Status, Attempts, CreatedAt)
                VALUES ('n1', 'survey-invite:s1', 'c1', 'Customer', 'Li Wei', 'email', 'Q', $invite, 'Sent', 1, 0),
                       ('n2', 'survey-reminder:s1', 'c1', 'Customer', 'Li Wei', 'email', 'Q', $reminder, 'Pending', 0, 0),
                       ('n3', 'c1:told', 'c1', 'Customer', 'Li Wei', 'email', 'Q', $other, 'Sent', 1, 0);
                INSERT INTO TimelineEntries (CaseId, At, Kind, Title, Detail, SourceId)
                VALUES ('c1', 0, 'Message', 'Email sent to Li Wei: Q', $invite, 'message:n1'),
                       ('c1', 0, 'Message', 'Email sent to Li Wei: Q', $other, 'message:n3');
                """;
            insert.Parameters.AddWithValue("$invite", OldBody);
            insert.Parameters.AddWithValue("$reminder", "A reminder, in case our survey got lost: " + OldBody);
            insert.Parameters.AddWithValue("$other", "See https://example.com/s/" + Token + " for our terms (very satisfied): yes");
            await insert.ExecuteNonQueryAsync();
        }

        await database.Services.MigrateCaseFlowDatabaseAsync();

        await using var after = database.CreateDbContext();
        var bodies = await after.Notifications.AsNoTracking().OrderBy(n => n.Id).Select(n => n.Body).ToListAsync();
        var details = await after.Timeline.AsNoTracking().OrderBy(t => t.SourceId).Select(t => t.Detail).ToListAsync();
        var redacted = OldBody.Replace("http://127.0.0.1:5080/s/" + Token, "[survey link]", StringComparison.Ordinal);
        Assert.Equal([redacted, "A reminder, in case our survey got lost: " + redacted, "See https://example.com/s/" + Token + " for our terms (very satisfied): yes"], bodies);
        Assert.Equal([redacted, bodies[2]], details);
    }
}
