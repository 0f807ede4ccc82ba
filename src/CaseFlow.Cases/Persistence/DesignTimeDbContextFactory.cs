using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseFlow.Cases.Persistence;

/// <summary>Used by <c>dotnet ef migrations add</c> only; it never opens the database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CaseFlowDbContext>
{
    public CaseFlowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CaseFlowDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
