using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Drills : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDrill",
                table: "CaseTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Drills",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "TEXT", nullable: false),
                    Scenario = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RunPlan = table.Column<bool>(type: "INTEGER", nullable: false),
                    PlannedFor = table.Column<long>(type: "INTEGER", nullable: true),
                    ScheduleKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Drills", x => x.CaseId);
                    table.ForeignKey(
                        name: "FK_Drills_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Drills_Scenario_PlannedFor",
                table: "Drills",
                columns: new[] { "Scenario", "PlannedFor" });

            migrationBuilder.CreateIndex(
                name: "IX_Drills_ScheduleKey",
                table: "Drills",
                column: "ScheduleKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Drills");

            migrationBuilder.DropColumn(
                name: "IsDrill",
                table: "CaseTasks");
        }
    }
}
