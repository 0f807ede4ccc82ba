using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CaseFlow.Tests.Shared;

/// <summary>
/// A real PostgreSQL server for the tests, one per test process. <c>CASEFLOW_TEST_POSTGRES</c> (a connection string
/// to a server the tests may create databases on; <c>tests/run.sh</c> starts one and sets it) is used when set;
/// otherwise the image's PostgreSQL 15 is started here with <c>initdb</c>/<c>pg_ctl</c> in a temporary folder on a
/// free loopback port (as the <c>postgres</c> user when running as root: PostgreSQL refuses root), and stopped when
/// the process exits. Each test asks for a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CASEFLOW_TEST_POSTGRES";
    private const string Binaries = "/usr/lib/postgresql/15/bin";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>Whether tests can have a PostgreSQL server here.</summary>
    public static bool IsAvailable =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)) || File.Exists(Path.Combine(Binaries, "initdb"));

    /// <summary>The server's administrative connection string (database <c>postgres</c>).</summary>
    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    /// <summary>A new, empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "caseflow")
    {
        var admin = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
            return given;

        var folder = Path.Combine(Path.GetTempPath(), $"caseflow-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            await RunAsync("chown", $"postgres:postgres {folder}");
        var data = Path.Combine(folder, "data");
        var port = FreePorts.OnLoopback();
        await RunAsPostgresAsync(asRoot, $"{Binaries}/initdb -D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync");
        // fsync stays on: the crash tests kill CaseFlow, not PostgreSQL, but the numbers should be a real server's.
        await RunAsPostgresAsync(asRoot, $"{Binaries}/pg_ctl -D {data} -l {folder}/server.log -o \"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=400\" -w start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsPostgresAsync(asRoot, $"{Binaries}/pg_ctl -D {data} -m immediate stop").GetAwaiter().GetResult();
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // Best effort: a temporary folder left behind is not worth failing the run for.
            }
        };
        return string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
    }

    private static Task RunAsPostgresAsync(bool asRoot, string command) =>
        asRoot ? RunAsync("runuser", $"-u postgres -- {command}") : RunAsync("/bin/sh", $"-c \"{command.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await output}{await error}");
    }
}
