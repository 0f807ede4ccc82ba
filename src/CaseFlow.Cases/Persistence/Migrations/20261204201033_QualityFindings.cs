using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class QualityFindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "QaFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Agent = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Finding = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    FoundAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CountInWindow = table.Column<int>(type: "INTEGER", nullable: false),
                    Repeated = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QaFindings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_QaFindings_Agent_FoundAt",
                table: "QaFindings",
                columns: new[] { "Agent", "FoundAt" });

            migrationBuilder.CreateIndex(
                name: "IX_QaFindings_Key",
                table: "QaFindings",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QaFindings");
        }
    }
}
