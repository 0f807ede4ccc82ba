using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseFlow.Cases.Persistence.Migrations
{
    /// <summary>
    /// Fewer B-trees per commit on the durable event path: a burst's written lines ride in its journal row (new
    /// <c>Lines</c> and <c>Revision</c> columns; lines written before stay in <c>WrittenLines</c>, where a burst that
    /// journals nothing still writes them), and <c>Bookmarks</c> becomes a <c>WITHOUT ROWID</c> table clustered on its
    /// key (one B-tree instead of a rowid table plus a key index). EF Core cannot express <c>WITHOUT ROWID</c>, so the
    /// table is rebuilt here by SQL; a later EF table rebuild would silently drop it, which <c>DatabaseMigrationTests</c>
    /// catches. <c>JournalBursts</c> stays a rowid table: a burst row is often over 1 KB, and a <c>WITHOUT ROWID</c>
    /// row that large spills into an overflow page (measured: commits got slower). The bookmark lookup index gains the correlation id:
    /// a correlated event no longer visits every instance waiting for the same event name.
    /// </summary>
    public partial class BurstLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Bookmarks_Name_Hash",
                table: "Bookmarks");

            migrationBuilder.AddColumn<string>(
                name: "Lines",
                table: "JournalBursts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Revision",
                table: "JournalBursts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            if (!migrationBuilder.IsSqlite())
            {
                migrationBuilder.CreateIndex(
                    name: "IX_Bookmarks_Name_Hash_CorrelationId",
                    table: "Bookmarks",
                    columns: new[] { "Name", "Hash", "CorrelationId" });
                return;
            }

            // SQLite's table rebuild (create, copy, drop, rename, re-index). Nothing references the table, so dropping
            // it with foreign keys on deletes nothing else.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_Bookmarks" (
                    "InstanceId" TEXT NOT NULL,
                    "Id" TEXT NOT NULL,
                    "Name" TEXT NOT NULL,
                    "Hash" TEXT NOT NULL,
                    "CorrelationId" TEXT NULL,
                    "Payload" TEXT NOT NULL,
                    "ActivityId" TEXT NOT NULL,
                    "ActivityNodeId" TEXT NOT NULL,
                    "ActivityInstanceId" TEXT NOT NULL,
                    "AutoBurn" INTEGER NOT NULL,
                    "CallbackMethodName" TEXT NULL,
                    "Metadata" TEXT NULL,
                    "DueAt" INTEGER NULL,
                    "CreatedAt" INTEGER NOT NULL,
                    CONSTRAINT "PK_Bookmarks" PRIMARY KEY ("InstanceId", "Id"),
                    CONSTRAINT "FK_Bookmarks_WorkflowInstances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "WorkflowInstances" ("Id") ON DELETE CASCADE
                ) WITHOUT ROWID;
                INSERT INTO "ef_temp_Bookmarks" ("InstanceId", "Id", "Name", "Hash", "CorrelationId", "Payload", "ActivityId", "ActivityNodeId", "ActivityInstanceId", "AutoBurn", "CallbackMethodName", "Metadata", "DueAt", "CreatedAt")
                SELECT "InstanceId", "Id", "Name", "Hash", "CorrelationId", "Payload", "ActivityId", "ActivityNodeId", "ActivityInstanceId", "AutoBurn", "CallbackMethodName", "Metadata", "DueAt", "CreatedAt" FROM "Bookmarks";
                DROP TABLE "Bookmarks";
                ALTER TABLE "ef_temp_Bookmarks" RENAME TO "Bookmarks";
                CREATE INDEX "IX_Bookmarks_DueAt" ON "Bookmarks" ("DueAt") WHERE "DueAt" IS NOT NULL;
                CREATE INDEX "IX_Bookmarks_Name_Hash_CorrelationId" ON "Bookmarks" ("Name", "Hash", "CorrelationId");

                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Bookmarks_Name_Hash_CorrelationId",
                table: "Bookmarks");

            // Lines that rode in journal rows go back to their own table first.
            migrationBuilder.Sql("""
                INSERT INTO "WrittenLines" ("InstanceId", "Revision", "Lines", "CreatedAt")
                SELECT "InstanceId", "Revision", "Lines", 0 FROM "JournalBursts" WHERE "Lines" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "Lines",
                table: "JournalBursts");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "JournalBursts");

            migrationBuilder.CreateIndex(
                name: "IX_Bookmarks_Name_Hash",
                table: "Bookmarks",
                columns: new[] { "Name", "Hash" });
        }
    }
}
