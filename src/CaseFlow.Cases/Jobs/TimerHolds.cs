using System.Collections.Concurrent;
using CaseFlow.Workflows.Durability;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Timers that Hangfire handed over before their due time, each waiting in process (a timer, not a worker) and fired
/// at its due time. Hangfire stores due times in whole seconds, so without this a timer could fire up to a second
/// early; the hold also takes Hangfire's polling out of the lateness (see <see cref="HangfireWorkScheduler.ScheduleTimer"/>).
/// </summary>
/// <remarks>
/// A hold is never the only copy: the bookmark keeps its due time in the database. A firing that fails becomes a
/// Hangfire job that retries it; at the host's stop the holds are handed back to Hangfire at their due times; a
/// process that dies while holding leaves them to the timer sweep and the start-up recovery.
/// </remarks>
public sealed class TimerHolds(DurableWorkflowRuntime runtime, IBackgroundJobClient jobs, IOptions<WorkflowJobOptions> options, ILogger<TimerHolds> logger) : IDisposable
{
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(1);

    // Hangfire's clock: what decided the job was due.
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly CancellationTokenSource _stopping = new();
    private int _released;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _held = new();

    // Timers due at one instant fire a few at a time: each firing takes a database connection.
    private readonly SemaphoreSlim _firing = new(8);

    private long _total;

    /// <summary>How many timers wait in this process now.</summary>
    public int Count => _held.Count;

    /// <summary>How many timers this process has held since it started (a timer held twice at once counts once).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>
    /// How early a job may arrive and still be held: the lead it was scheduled with, the second Hangfire's rounding
    /// may add, and a second of slack. A job earlier than that (a clock far off) is fired at once, as before holds existed.
    /// </summary>
    public TimeSpan MaxHold => options.Value.TimerPollingInterval + TimeSpan.FromSeconds(2);

    /// <summary>Holds the timer until <paramref name="dueAt"/> and fires it then (after the stop: hands it back to Hangfire); false when it is due already (fire it now).</summary>
    public bool TryHold(string instanceId, string bookmarkId, DateTimeOffset dueAt)
    {
        var early = dueAt - _clock.GetUtcNow();
        if (early <= TimeSpan.Zero || early > MaxHold)
            return false;
        Hold(instanceId, bookmarkId, dueAt);
        return true;
    }

    /// <summary>
    /// Holds the timer until <paramref name="dueAt"/> however far off it is, and fires it then (at once when it is due
    /// already). <see cref="TimerBucketJob"/> holds a second's timers this way, a few seconds ahead.
    /// </summary>
    public void Hold(string instanceId, string bookmarkId, DateTimeOffset dueAt)
    {
        if (_stopping.IsCancellationRequested)
        {
            // Stopping: not fired early, and not held by a process about to go; another node (or the next start) fires it.
            HandBackAtDue(instanceId, bookmarkId, dueAt);
            return;
        }

        if (!_held.TryAdd(Key(instanceId, bookmarkId), dueAt))
            return; // the same job ran twice: one hold fires it
        Interlocked.Increment(ref _total);
        _ = HoldAsync(instanceId, bookmarkId, dueAt, dueAt - _clock.GetUtcNow());
    }

    /// <summary>At the host's stop: every held timer goes back to Hangfire at its due time (a durable job storage keeps it). Safe to call again, and after <see cref="Dispose"/>.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _stopping.Cancel();
    }

    // The host stops its services and disposes its container in either order (a test host may do both twice): the
    // token source is cancelled once and never disposed, so a late Release or a hold's delay never meets a disposed one.
    public void Dispose() => Release();

    private async Task HoldAsync(string instanceId, string bookmarkId, DateTimeOffset dueAt, TimeSpan early)
    {
        try
        {
            // Not before the due time, even when a delay ends a tick early.
            for (var left = early; left > TimeSpan.Zero; left = dueAt - _clock.GetUtcNow())
                await Task.Delay(left < MinimumDelay ? MinimumDelay : left, _clock, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            _held.TryRemove(Key(instanceId, bookmarkId), out _);
            HandBackAtDue(instanceId, bookmarkId, dueAt);
            return;
        }

        await _firing.WaitAsync();
        try
        {
            await runtime.FireTimerAsync(instanceId, bookmarkId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Held timer {BookmarkId} of instance {InstanceId} could not fire: {Reason}. A Hangfire job retries it", bookmarkId, instanceId, ex.Message);
            HandBack(() => jobs.Enqueue<TimerJob>(j => j.FireAsync(instanceId, bookmarkId, CancellationToken.None)), instanceId, bookmarkId);
        }
        finally
        {
            _firing.Release();
            _held.TryRemove(Key(instanceId, bookmarkId), out _);
        }
    }

    private static string Key(string instanceId, string bookmarkId) => instanceId + "/" + bookmarkId;

    private void HandBackAtDue(string instanceId, string bookmarkId, DateTimeOffset dueAt) =>
        HandBack(() => jobs.Schedule<TimerJob>(j => j.FireAtAsync(instanceId, bookmarkId, dueAt, CancellationToken.None), dueAt), instanceId, bookmarkId);

    private void HandBack(Action handBack, string instanceId, string bookmarkId)
    {
        try
        {
            handBack();
        }
        catch (Exception ex)
        {
            // The bookmark keeps its due time: the timer sweep or the next start fires it.
            logger.LogWarning(ex, "Held timer {BookmarkId} of instance {InstanceId} could not be handed back to Hangfire; the timer sweep fires it", bookmarkId, instanceId);
        }
    }
}
