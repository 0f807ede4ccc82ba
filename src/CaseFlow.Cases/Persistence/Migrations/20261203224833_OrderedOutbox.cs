using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <summary>
    /// Outbox messages carry their place among their instance's messages (delivered in that order; messages written
    /// before have 0 and go first), and a case remembers which workflow update set each value, so an older update that
    /// arrives late does not overwrite a newer one.
    /// </summary>
    public partial class OrderedOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "OutboxMessages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "WorkflowUpdateSequences",
                table: "Cases",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_InstanceId_Sequence",
                table: "OutboxMessages",
                columns: new[] { "InstanceId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_InstanceId_Sequence",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "WorkflowUpdateSequences",
                table: "Cases");
        }
    }
}
