using CaseFlow.Cases.Persistence;
using Hangfire.PostgreSql;
using Npgsql;

namespace CaseFlow.Server.Startup;

/// <summary>Hangfire's tables in CaseFlow's PostgreSQL database (schema <see cref="Name"/>), installed or upgraded at start-up.</summary>
internal static class HangfireSchema
{
    public const string Name = "hangfire";

    /// <summary>Call under the start-up lock: Hangfire's installer is not safe against itself on another node.</summary>
    public static async Task InstallAsync(CaseFlowDatabaseOptions options, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.BuildPostgresConnectionString());
        await connection.OpenAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, Name);
    }
}
