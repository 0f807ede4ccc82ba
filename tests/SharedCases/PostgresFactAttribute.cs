namespace CaseFlow.Tests.Shared;

/// <summary>A test on a real PostgreSQL server: skipped, with the reason, where none can be had (.ci/run has one).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresServer.IsAvailable)
            Skip = $"PostgreSQL 15 is not installed (apt-get install postgresql-15) and {PostgresServer.EnvironmentVariable} is not set";
    }
}
