using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <summary>
    /// The inbox's indexes, one per view and order, each in the order its page is read, so a page is the first rows of
    /// one index range, never a sort of every open task. They are on expressions (user names compare upper-cased;
    /// tasks without a due time come after those with one), which the model cannot declare, so they live here, in a
    /// migration of their own: a table rebuild in the same migration (as the previous one's column change) would drop
    /// them.
    /// </summary>
    public partial class InboxIndexes : Migration
    {
        internal static readonly (string Name, string Columns)[] Indexes =
        [
            // Mine and my team: by user name, then the page's order.
            ("IX_CaseTasks_Inbox_Assignee", "upper(\"Assignee\"), \"Status\", (\"DueAt\" IS NULL), \"DueAt\", \"CreatedAt\", \"Id\""),
            // Available: unassigned (Assignee IS NULL) first, so a search by upper-cased user name never prefers it.
            ("IX_CaseTasks_Inbox_Available", "\"Assignee\", \"Status\", (\"DueAt\" IS NULL), \"DueAt\", \"CreatedAt\", \"Id\", \"CandidateRole\""),
            // Everyone's, soonest due first, carrying the filters' columns so a filtered count reads no table rows.
            ("IX_CaseTasks_Inbox_Due", "\"Status\", (\"DueAt\" IS NULL), \"DueAt\", \"CreatedAt\", \"Id\", \"CaseType\", \"Category\", \"Channel\", \"Priority\", \"EmergencyLinked\", \"IsDrill\""),
            ("IX_CaseTasks_Inbox_Urgency", "\"Status\", \"Priority\" DESC, (\"DueAt\" IS NULL), \"DueAt\", \"CreatedAt\", \"Id\""),
            ("IX_CaseTasks_Inbox_Created", "\"Status\", \"CreatedAt\", \"Id\""),
            // The two filters that pick few of many: a category, and emergency-linked.
            ("IX_CaseTasks_Inbox_Category", "\"Status\", \"Category\", (\"DueAt\" IS NULL), \"DueAt\", \"CreatedAt\", \"Id\""),
            ("IX_CaseTasks_Inbox_Emergency", "\"Status\", \"EmergencyLinked\", (\"DueAt\" IS NULL), \"DueAt\", \"CreatedAt\", \"Id\""),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, columns) in Indexes)
                migrationBuilder.Sql($"CREATE INDEX \"{name}\" ON \"CaseTasks\" ({columns})");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, _) in Indexes)
                migrationBuilder.Sql($"DROP INDEX \"{name}\"");
        }
    }
}
