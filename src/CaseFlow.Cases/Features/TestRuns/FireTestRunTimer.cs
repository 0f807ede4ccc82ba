using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// Fires a timer the test run waits for (a Delay, an SLA clock, a follow-up's date, a survey's reminder or expiry)
/// now, as if its time had come: the run does not wait for the clock.
/// </summary>
public sealed record FireTestRunTimer(string RunId, string BookmarkId, Actor Actor);

public sealed class FireTestRunTimerHandler(TestRunStore runs)
{
    /// <exception cref="NotFoundException">No such run for the actor, or it does not wait for that timer (any more).</exception>
    public Task<TestRunView> HandleAsync(FireTestRunTimer request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runs.Find(request.RunId, request.Actor).CallAsync(async sandbox =>
        {
            var timer = sandbox.Waits().FirstOrDefault(w => w.Kind == TestRunWaitKinds.Timer && w.BookmarkId == request.BookmarkId)
                ?? throw new NotFoundException($"Test run {request.RunId} does not wait for a timer '{request.BookmarkId}'.");
            await sandbox.FireAsync(timer);
            return new TestRunAction("fire", request.BookmarkId);
        }, cancellationToken);
    }
}
