using System.Globalization;
using CaseFlow.Cases.Persistence;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// The Hangfire job of one second of due times (<see cref="TimerBuckets"/>): reads the timers due in that second and
/// holds each in process until its due time. One node's job does it: the first claims the second in Hangfire's storage
/// (under its distributed lock), and the jobs other nodes scheduled for the same second find the claim and stop.
/// </summary>
public sealed class TimerBucketJob(IDbContextFactory<CaseFlowDbContext> dbFactory, TimerHolds holds, JobStorage storage, ILogger<TimerBucketJob> logger)
{
    private static readonly TimeSpan ClaimKept = TimeSpan.FromHours(1);

    [JobDisplayName("Timers due in the second {0}")]
    public async Task HoldAsync(DateTimeOffset second, CancellationToken cancellationToken)
    {
        var end = second.AddSeconds(1);
        // Read before claiming: a claim followed by a failed read would leave the second to the sweep; a read followed
        // by a failed claim is retried by Hangfire.
        List<(string InstanceId, string BookmarkId, DateTimeOffset DueAt)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var rows = await db.Bookmarks.AsNoTracking()
                .Where(b => b.DueAt != null && b.DueAt >= second && b.DueAt < end)
                .Select(b => new { b.InstanceId, b.Id, b.DueAt })
                .ToListAsync(cancellationToken);
            due = rows.ConvertAll(r => (r.InstanceId, r.Id, r.DueAt!.Value));
        }

        if (due.Count == 0 || !TryClaim(second))
            return;
        foreach (var (instanceId, bookmarkId, dueAt) in due)
            holds.Hold(instanceId, bookmarkId, dueAt);
        logger.LogDebug("Holding {Count} timers due in the second {Second:O}", due.Count, second);
    }

    /// <summary>True for the first job of this second across every node sharing the job storage.</summary>
    private bool TryClaim(DateTimeOffset second)
    {
        var key = "caseflow:timer-second:" + second.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var connection = storage.GetConnection();
        using var held = connection.AcquireDistributedLock(key, TimeSpan.FromSeconds(30));
        if (connection.GetAllEntriesFromHash(key) is { Count: > 0 })
            return false;
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(key, [new("claimedAt", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))]);
        if (transaction is JobStorageTransaction expiring)
            expiring.ExpireHash(key, ClaimKept);
        transaction.Commit();
        return true;
    }
}
