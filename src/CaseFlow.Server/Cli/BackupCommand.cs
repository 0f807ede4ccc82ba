using System.CommandLine;
using CaseFlow.Cases.Persistence;
using Microsoft.Data.Sqlite;

namespace CaseFlow.Server.Cli;

/// <summary>
/// <c>caseflow backup DIR</c>: a consistent copy of the SQLite database while CaseFlow runs (SQLite's online backup:
/// one snapshot, writers go on), checked with <c>PRAGMA integrity_check</c>, plus the data folder's keys (sign-in
/// tokens, survey links), so that restoring the folder brings back sessions and links too. PostgreSQL is backed up
/// with <c>pg_dump</c> (README). Restore: stop CaseFlow, copy the folder's files into the data folder (removing
/// <c>caseflow.db-wal</c> and <c>caseflow.db-shm</c>), start it.
/// </summary>
internal static class BackupCommand
{
    private static readonly string[] KeyFiles = ["auth-signing.key", "survey-links.key"];

    public static Command Create()
    {
        var target = new Argument<string>("folder") { Description = "A new or empty folder for the backup." };
        var data = CliHost.DataOption();
        var command = new Command("backup", "Back up the SQLite database (consistent, while CaseFlow runs) and the data folder's keys into a folder.") { target, data };
        command.SetAction((result, cancellationToken) => BackupAsync(result.GetValue(target)!, result.GetValue(data), cancellationToken));
        return command;
    }

    private static async Task<int> BackupAsync(string target, string? dataDirectory, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        if (string.Equals(configuration[DependencyInjection.ProviderKey], CaseFlowDatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase))
            return CliHost.Fail("backup", "the database is PostgreSQL: back it up with pg_dump (see the README, Several nodes on PostgreSQL)");
        var folder = string.IsNullOrEmpty(dataDirectory) ? DependencyInjection.DataDirectory(configuration) : dataDirectory;
        var options = new CaseFlowDatabaseOptions { DataDirectory = folder };
        if (!File.Exists(options.FilePath))
            return CliHost.Fail("backup", $"there is no database at {options.FilePath} (--data names the data folder)");
        var destination = Path.GetFullPath(target);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
            return CliHost.Fail("backup", $"{destination} is not empty: choose a new folder, so that no backup is overwritten");

        DataFolder.EnsureDirectory(destination);
        var copy = Path.Combine(destination, options.FileName);
        await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        await using (var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await source.OpenAsync(cancellationToken);
            await backup.OpenAsync(cancellationToken);
            // All pages in one step under one read transaction: a snapshot of one moment; WAL lets writers go on meanwhile.
            source.BackupDatabase(backup);
            await using var check = backup.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
            if (verdict != "ok")
                return CliHost.Fail("backup", $"the copy failed its integrity check: {verdict}");
        }

        DataFolder.Narrow(copy);
        var keys = 0;
        foreach (var key in KeyFiles)
        {
            var file = Path.Combine(folder, key);
            if (!File.Exists(file))
                continue;
            File.Copy(file, Path.Combine(destination, key));
            DataFolder.Narrow(Path.Combine(destination, key));
            keys++;
        }

        Console.Out.WriteLine($"backed up {options.FilePath} to {copy} ({new FileInfo(copy).Length:N0} bytes, integrity ok) with {keys} key file(s)");
        return 0;
    }
}
