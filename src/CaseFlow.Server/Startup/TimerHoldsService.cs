using CaseFlow.Cases.Jobs;

namespace CaseFlow.Server.Startup;

/// <summary>At the host's stop, hands the timers held in this process back to Hangfire at their due times (<see cref="TimerHolds"/>).</summary>
internal sealed class TimerHoldsService(TimerHolds holds) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        holds.Release();
        return Task.CompletedTask;
    }
}
