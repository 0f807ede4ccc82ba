using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseFlow.Cases.Tests.Features.Surveys;

/// <summary>
/// Contexts over the test database that hold every save until <paramref name="contenders"/> saves are waiting: each
/// contender has read the row by then, so exactly the race a revision check must decide is staged, every time.
/// </summary>
internal sealed class BothReadBeforeEitherSaves(string dataDirectory, int contenders = 2) : SaveChangesInterceptor, IDbContextFactory<CaseFlowDbContext>
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public CaseFlowDbContext CreateDbContext() => new(new DbContextOptionsBuilder<CaseFlowDbContext>()
        .UseSqlite(new CaseFlowDatabaseOptions { DataDirectory = dataDirectory }.BuildConnectionString())
        .AddInterceptors(this)
        .Options);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _arrived) == contenders)
            _allArrived.TrySetResult();
        await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return result;
    }
}
