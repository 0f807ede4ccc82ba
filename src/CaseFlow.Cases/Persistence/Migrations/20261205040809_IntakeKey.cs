using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IntakeKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IntakeKey",
                table: "Cases",
                type: "TEXT",
                maxLength: 457,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_IntakeKey",
                table: "Cases",
                column: "IntakeKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_IntakeKey",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IntakeKey",
                table: "Cases");
        }
    }
}
