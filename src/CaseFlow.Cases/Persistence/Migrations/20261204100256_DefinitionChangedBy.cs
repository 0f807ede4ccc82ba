using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <summary>
    /// Who created, last changed, published and retracted each definition version, and when it last changed (the
    /// designer's list and version history show them). Existing versions get their last change from their dates;
    /// who made it is unknown for them (null, shown as the system).
    /// </summary>
    public partial class DefinitionChangedBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "WorkflowDefinitions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedBy",
                table: "WorkflowDefinitions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RetractedAt",
                table: "WorkflowDefinitions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetractedBy",
                table: "WorkflowDefinitions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UpdatedAt",
                table: "WorkflowDefinitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "WorkflowDefinitions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "WorkflowDefinitions"
                SET "UpdatedAt" = CASE WHEN "PublishedAt" IS NOT NULL AND "PublishedAt" > "CreatedAt" THEN "PublishedAt" ELSE "CreatedAt" END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "WorkflowDefinitions");

            migrationBuilder.DropColumn(
                name: "PublishedBy",
                table: "WorkflowDefinitions");

            migrationBuilder.DropColumn(
                name: "RetractedAt",
                table: "WorkflowDefinitions");

            migrationBuilder.DropColumn(
                name: "RetractedBy",
                table: "WorkflowDefinitions");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "WorkflowDefinitions");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                table: "WorkflowDefinitions");
        }
    }
}
