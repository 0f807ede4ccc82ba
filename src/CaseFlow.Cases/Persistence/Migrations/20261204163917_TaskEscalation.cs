using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TaskEscalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeSpan>(
                name: "EscalateEvery",
                table: "CaseTasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Escalates",
                table: "CaseTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "EscalationLevel",
                table: "CaseTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_Status_Escalates_DueAt",
                table: "CaseTasks",
                columns: new[] { "Status", "Escalates", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseTasks_Status_Escalates_DueAt",
                table: "CaseTasks");

            migrationBuilder.DropColumn(
                name: "EscalateEvery",
                table: "CaseTasks");

            migrationBuilder.DropColumn(
                name: "Escalates",
                table: "CaseTasks");

            migrationBuilder.DropColumn(
                name: "EscalationLevel",
                table: "CaseTasks");
        }
    }
}
