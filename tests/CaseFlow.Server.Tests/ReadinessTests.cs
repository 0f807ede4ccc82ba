using System.Net;
using System.Text.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.ScaleOut;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Npgsql;

namespace CaseFlow.Server.Tests;

/// <summary><c>/health/ready</c> reports the database and Hangfire's storage, and answers 503 when the database is gone.</summary>
[Collection(HostCollection.Name)]
public sealed class ReadinessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task OnSqlite_ReadinessReportsTheDatabaseAndTheJobServer()
    {
        using var host = ProgramHost.Start(_temp.Sub("data"));
        using var http = host.Anonymous();

        var ready = await ReadyAsync(http, HttpStatusCode.OK);

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(("healthy", "SQLite"), Check(ready, "database"));
        await Wait.UntilAsync(async () => Check(await ReadyAsync(http, HttpStatusCode.OK), "jobs").Status == "healthy", CaseApi.Patience, "the Hangfire server beat");
    }

    [PostgresFact]
    public async Task OnPostgres_ReadinessNamesTheDatabase_And503sOnceItIsGone()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        using var host = ProgramHost.Start(_temp.Sub("pg"), services: null, settings: PostgresNodesTests.PostgresSettings(connectionString));
        using var http = host.Anonymous();
        var database = new NpgsqlConnectionStringBuilder(connectionString);

        var ready = await ReadyAsync(http, HttpStatusCode.OK);
        Assert.Equal(("healthy", $"PostgreSQL {database.Host}:{database.Port}/{database.Database}"), Check(ready, "database"));

        await using (var admin = new NpgsqlConnection(await PostgresServer.AdminConnectionStringAsync()))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database.Database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var gone = await ReadyAsync(http, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unavailable", gone.GetProperty("status").GetString());
        Assert.Equal("unhealthy", Check(gone, "database").Status);
        Assert.Contains(database.Database!, Check(gone, "database").Description, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadyAsync(HttpClient http, HttpStatusCode expected)
    {
        var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static (string Status, string Description) Check(JsonElement report, string name)
    {
        var check = report.GetProperty("checks").GetProperty(name);
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!);
    }

    public void Dispose() => _temp.Dispose();
}
