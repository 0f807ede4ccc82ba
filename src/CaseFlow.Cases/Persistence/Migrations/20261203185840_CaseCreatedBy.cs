using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <summary>
    /// Who filed a case, so they keep reading it before (or without) a task of theirs. Filled for existing cases from
    /// the intake entry of their timeline, which names the filer.
    /// </summary>
    public partial class CaseCreatedBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "Cases",
                type: "TEXT",
                maxLength: 256,
                nullable: true);
            migrationBuilder.Sql("""
                UPDATE "Cases"
                SET "CreatedBy" = (SELECT t."Actor" FROM "TimelineEntries" AS t WHERE t."CaseId" = "Cases"."Id" AND t."SourceId" = 'received' LIMIT 1);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "Cases");
        }
    }
}
