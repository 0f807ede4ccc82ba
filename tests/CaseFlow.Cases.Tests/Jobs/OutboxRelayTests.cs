using System.Collections.Concurrent;
using CaseFlow.Cases.Jobs;

namespace CaseFlow.Cases.Tests.Jobs;

public sealed class OutboxRelayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_relay_whose_workers_do_not_run_refuses_messages_so_the_caller_uses_the_job_system()
    {
        var relay = new OutboxRelay();

        Assert.False(relay.TryPost("m1"));
    }

    [Fact]
    public async Task A_posted_message_is_delivered_by_a_worker()
    {
        var relay = new OutboxRelay();
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(2, (id, _) => { delivered.TrySetResult(id); return Task.CompletedTask; }, (_, _) => { }, stop.Token);
        await WaitUntilRunningAsync(relay);

        Assert.True(relay.TryPost("m1"));

        Assert.Equal("m1", await delivered.Task.WaitAsync(Patience));
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_delivery_that_throws_goes_to_the_fallback_with_its_error_and_the_worker_goes_on()
    {
        var relay = new OutboxRelay();
        var fallbacks = new ConcurrentQueue<(string Id, Exception? Error)>();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(1, (id, _) =>
        {
            if (id == "bad")
                throw new InvalidOperationException("handler failed");
            second.TrySetResult();
            return Task.CompletedTask;
        }, (id, error) => fallbacks.Enqueue((id, error)), stop.Token);
        await WaitUntilRunningAsync(relay);

        relay.TryPost("bad");
        relay.TryPost("good");
        await second.Task.WaitAsync(Patience);

        var (failedId, failure) = Assert.Single(fallbacks);
        Assert.Equal("bad", failedId);
        Assert.Equal("handler failed", failure?.Message);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
    }

    // A stop must not drop what is queued: the database still has the messages, but the retrying job gets them now
    // instead of the stale-outbox sweep seconds later.
    [Fact]
    public async Task Messages_still_queued_when_the_host_stops_go_to_the_fallback()
    {
        var relay = new OutboxRelay();
        var inDelivery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fallbacks = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(1, async (_, token) =>
        {
            inDelivery.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, (id, _) => fallbacks.Enqueue(id), stop.Token);
        await WaitUntilRunningAsync(relay);
        relay.TryPost("busy");
        await inDelivery.Task.WaitAsync(Patience);
        relay.TryPost("queued-1");
        relay.TryPost("queued-2");

        await stop.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.Equal(["busy", "queued-1", "queued-2"], fallbacks.Order());
        Assert.False(relay.TryPost("after-stop"));
    }

    // Delivering a message first delivers its instance's earlier ones: two workers on one instance would deliver the
    // same earlier message twice at once (the load benchmark saw unique-key failures on SLA clocks).
    [Fact]
    public async Task Messages_of_one_instance_are_delivered_one_after_another_even_with_several_workers()
    {
        var relay = new OutboxRelay();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivered = new ConcurrentQueue<string>();
        var secondDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(8, async (id, _) =>
        {
            if (id == "first")
            {
                firstStarted.TrySetResult();
                await releaseFirst.Task;
            }

            delivered.Enqueue(id);
            if (id == "second")
                secondDelivered.TrySetResult();
        }, (_, _) => { }, stop.Token);
        Assert.True(relay.TryPost("first", "instance-1"));
        await firstStarted.Task.WaitAsync(Patience);

        Assert.True(relay.TryPost("second", "instance-1"));
        for (var other = 0; other < 32; other++)
            Assert.True(relay.TryPost($"other-{other}", $"instance-{other + 2}"));
        // Other instances' messages go on meanwhile (those on other workers), and "second" was posted before them.
        await WaitForAsync(() => delivered.Any(d => d.StartsWith("other-", StringComparison.Ordinal)));

        Assert.DoesNotContain("second", delivered);
        releaseFirst.SetResult();
        await secondDelivered.Task.WaitAsync(Patience);
        Assert.True(delivered.ToList().IndexOf("first") < delivered.ToList().IndexOf("second"));
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_full_relay_refuses_the_next_message()
    {
        var relay = new OutboxRelay(capacity: 1);
        var inDelivery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(1, async (_, token) =>
        {
            inDelivery.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, (_, _) => { }, stop.Token);
        await WaitUntilRunningAsync(relay);
        relay.TryPost("busy");
        await inDelivery.Task.WaitAsync(Patience);

        Assert.True(relay.TryPost("fills-the-queue"));
        Assert.False(relay.TryPost("one-too-many"));

        await stop.CancelAsync();
        await run.WaitAsync(Patience);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    // RunAsync marks the relay running before its first await, so a message posted right after the call is taken.
    private static Task WaitUntilRunningAsync(OutboxRelay relay)
    {
        Assert.True(relay.IsRunning);
        return Task.CompletedTask;
    }
}
