using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Persistence.Postgres;

/// <summary>Hands out PostgreSQL contexts from their pool as <see cref="CaseFlowDbContext"/>s.</summary>
internal sealed class PostgresContextFactory(IDbContextFactory<PostgresCaseFlowDbContext> pool) : IDbContextFactory<CaseFlowDbContext>
{
    public CaseFlowDbContext CreateDbContext() => pool.CreateDbContext();

    public async Task<CaseFlowDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await pool.CreateDbContextAsync(cancellationToken);
}
