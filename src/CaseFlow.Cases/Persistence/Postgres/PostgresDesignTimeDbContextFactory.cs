using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseFlow.Cases.Persistence.Postgres;

/// <summary>
/// Used by <c>dotnet ef migrations add X --context PostgresCaseFlowDbContext -o Persistence/Postgres/Migrations</c>
/// only; it never opens the database.
/// </summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresCaseFlowDbContext>
{
    public PostgresCaseFlowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCaseFlowDbContext>().UseNpgsql("Host=design-time").Options);
}
