using System.Threading.Channels;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// The in-process hand-over of committed outbox messages: the commit posts a message's id here and the relay's
/// workers (<see cref="RunAsync"/>, started by the host) deliver it at once, without a round trip through the job
/// storage: a case's SLA clocks, acknowledgement and timeline follow its commit within milliseconds (its tasks are
/// written in the commit itself, see <see cref="Persistence.Store.IBurstRows"/>).
/// </summary>
/// <remarks>
/// The relay is a shortcut, never the only copy: the message stays in the outbox table until delivered. A message the
/// relay cannot take (full, stopped, not running) or whose delivery throws goes to Hangfire's
/// <see cref="OutboxDispatchJob"/>, which retries with back-off; one lost with the process (a crash before delivery) is
/// found by the start-up recovery and by the stale-outbox sweep of any node (<see cref="TimerSweepJob"/>).
/// Delivering twice is harmless, so a relay and a job racing for one message is safe.
/// </remarks>
public sealed class OutboxRelay(int capacity = 10_000)
{
    private Channel<string>[]? _queues;
    private int _running;

    /// <summary>Whether workers are running (before the host starts them, and after it stops them, messages go to Hangfire).</summary>
    public bool IsRunning => Volatile.Read(ref _running) > 0;

    /// <summary>
    /// Queues a committed message for delivery; false when the relay does not run or is full (the caller uses the job
    /// system). Messages with one <paramref name="orderKey"/> (their instance) go to one worker, one after the other:
    /// delivering a message first delivers its instance's earlier ones, so two workers on one instance would both
    /// deliver the same earlier message.
    /// </summary>
    public bool TryPost(string outboxMessageId, string? orderKey = null)
    {
        var queues = Volatile.Read(ref _queues);
        if (queues is null || !IsRunning)
            return false;
        var slot = (int)((uint)StringComparer.Ordinal.GetHashCode(orderKey ?? outboxMessageId) % (uint)queues.Length);
        return queues[slot].Writer.TryWrite(outboxMessageId);
    }

    /// <summary>
    /// Runs <paramref name="workers"/> delivery loops until <paramref name="stoppingToken"/> fires. A delivery that
    /// throws goes to <paramref name="fallback"/> (the retrying job); so do the messages still queued at the stop.
    /// </summary>
    public async Task RunAsync(int workers, Func<string, CancellationToken, Task> deliver, Action<string, Exception?> fallback, CancellationToken stoppingToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var queues = Enumerable.Range(0, workers)
            .Select(_ => Channel.CreateBounded<string>(new BoundedChannelOptions(Math.Max(1, capacity / workers)) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true }))
            .ToArray();
        Volatile.Write(ref _queues, queues);
        Interlocked.Increment(ref _running);
        try
        {
            await Task.WhenAll(queues.Select(queue => Task.Run(() => WorkAsync(queue.Reader, deliver, fallback, stoppingToken), CancellationToken.None)));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            foreach (var queue in queues)
            {
                while (queue.Reader.TryRead(out var left))
                    fallback(left, null);
            }
        }
    }

    private static async Task WorkAsync(ChannelReader<string> queue, Func<string, CancellationToken, Task> deliver, Action<string, Exception?> fallback, CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.WaitToReadAsync(stoppingToken))
            {
                while (queue.TryRead(out var id))
                {
                    try
                    {
                        await deliver(id, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        fallback(id, ex);
                    }
                    catch (OperationCanceledException)
                    {
                        fallback(id, null);
                        throw;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
