using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BurstJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JournalRecords");

            // Lines are now one JSON array per burst; the old one-line rows are not carried over (nothing is deployed yet).
            migrationBuilder.Sql("DELETE FROM \"WrittenLines\";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WrittenLines",
                table: "WrittenLines");

            migrationBuilder.DropColumn(
                name: "Index",
                table: "WrittenLines");

            migrationBuilder.RenameColumn(
                name: "Text",
                table: "WrittenLines",
                newName: "Lines");

            migrationBuilder.AddPrimaryKey(
                name: "PK_WrittenLines",
                table: "WrittenLines",
                columns: new[] { "InstanceId", "Revision" });

            migrationBuilder.CreateTable(
                name: "JournalBursts",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    FirstSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Records = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalBursts", x => new { x.InstanceId, x.FirstSequence });
                    table.ForeignKey(
                        name: "FK_JournalBursts_WorkflowInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JournalBursts");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WrittenLines",
                table: "WrittenLines");

            migrationBuilder.RenameColumn(
                name: "Lines",
                table: "WrittenLines",
                newName: "Text");

            migrationBuilder.AddColumn<int>(
                name: "Index",
                table: "WrittenLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_WrittenLines",
                table: "WrittenLines",
                columns: new[] { "InstanceId", "Revision", "Index" });

            migrationBuilder.CreateTable(
                name: "JournalRecords",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", nullable: false),
                    ActivityInstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    ActivityName = table.Column<string>(type: "TEXT", nullable: true),
                    ActivityNodeId = table.Column<string>(type: "TEXT", nullable: false),
                    ActivityType = table.Column<string>(type: "TEXT", nullable: false),
                    ActivityTypeVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", nullable: false),
                    DefinitionVersionId = table.Column<string>(type: "TEXT", nullable: false),
                    EventName = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    ParentActivityInstanceId = table.Column<string>(type: "TEXT", nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", nullable: true),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    WorkflowVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalRecords", x => new { x.InstanceId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_JournalRecords_WorkflowInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "WorkflowInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }
    }
}
