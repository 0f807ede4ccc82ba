using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InboxFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseTasks_Status_Assignee",
                table: "CaseTasks");

            migrationBuilder.DropIndex(
                name: "IX_CaseTasks_Status_CandidateRole",
                table: "CaseTasks");

            // Priorities become numbers (Low 0 … Urgent 3) before the column does.
            migrationBuilder.Sql("""
                UPDATE "CaseTasks" SET "Priority" = CASE "Priority" WHEN 'Low' THEN 0 WHEN 'High' THEN 2 WHEN 'Urgent' THEN 3 ELSE 1 END
                """);

            migrationBuilder.AlterColumn<int>(
                name: "Priority",
                table: "CaseTasks",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<string>(
                name: "CaseType",
                table: "CaseTasks",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "CaseTasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "CaseTasks",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "EmergencyLinked",
                table: "CaseTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // The tasks already there get their cases' facts (later changes are copied as they happen).
            migrationBuilder.Sql("""
                UPDATE "CaseTasks" SET
                    "CaseType" = (SELECT c."Type" FROM "Cases" c WHERE c."Id" = "CaseTasks"."CaseId"),
                    "Category" = (SELECT c."Category" FROM "Cases" c WHERE c."Id" = "CaseTasks"."CaseId"),
                    "Channel" = (SELECT c."Channel" FROM "Cases" c WHERE c."Id" = "CaseTasks"."CaseId"),
                    "EmergencyLinked" = EXISTS (SELECT 1 FROM "CaseLinks" l WHERE l."LinkedCaseId" = "CaseTasks"."CaseId")
                WHERE "CaseId" IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CaseType",
                table: "CaseTasks");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "CaseTasks");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "CaseTasks");

            migrationBuilder.DropColumn(
                name: "EmergencyLinked",
                table: "CaseTasks");

            migrationBuilder.AlterColumn<string>(
                name: "Priority",
                table: "CaseTasks",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_Status_Assignee",
                table: "CaseTasks",
                columns: new[] { "Status", "Assignee" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_Status_CandidateRole",
                table: "CaseTasks",
                columns: new[] { "Status", "CandidateRole" });
        }
    }
}
