using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <summary>
    /// Survey invitations and reminders stored before links were derived held the customer's link in clear, in the
    /// message log and in the timeline entry that copies a sent message. The link becomes the placeholder staff see
    /// now. Those surveys' links cannot be rebuilt (their token was random): customers' links keep working, but such a
    /// message still pending fails rather than going out without its link, and they get no reminder.
    /// </summary>
    public partial class RedactSurveyLinks : Migration
    {
        // The body CaseFlow wrote: "...5 (very satisfied): {link}\n\nThe link works once...".
        private const string SurveyMessages = """("IdempotencyKey" LIKE 'survey-invite:%' OR "IdempotencyKey" LIKE 'survey-reminder:%')""";
        private const string LinkStart = """instr("Body", '(very satisfied): ') + 18""";
        private const string Rest = $"""substr("Body", {LinkStart})""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                UPDATE "Notifications"
                SET "Body" = substr("Body", 1, {LinkStart} - 1) || '[survey link]' || substr("Body", {LinkStart} - 1 + instr({Rest}, char(10)))
                WHERE {SurveyMessages}
                  AND instr("Body", '(very satisfied): ') > 0
                  AND instr({Rest}, char(10)) > 0
                  AND instr(substr({Rest}, 1, instr({Rest}, char(10))), '/s/') > 0;
                """);
            migrationBuilder.Sql($"""
                UPDATE "TimelineEntries"
                SET "Detail" = (SELECT n."Body" FROM "Notifications" AS n WHERE 'message:' || n."Id" = "TimelineEntries"."SourceId")
                WHERE "SourceId" IN (SELECT 'message:' || "Id" FROM "Notifications" WHERE {SurveyMessages});
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The links are gone for good: that is the point.
        }
    }
}
