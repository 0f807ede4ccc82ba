using System.Globalization;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// What one call of a host may run (<see cref="WorkflowRunnerOptions.Budget"/>): a number of activity executions and
/// a wall-clock time, across every burst and instance the call runs. When either runs out, the scheduler stops the
/// burst and faults the instance, whatever its incident strategy, with an incident on the activity that was running
/// (or was next) naming the limit. Without it, a flowchart that loops without waiting runs until its host gives up.
/// </summary>
/// <remarks>
/// A host calls <see cref="Begin"/> before each call and passes <see cref="Token"/> to the runner: expression
/// evaluators honour that token, so a script that is running when the time is up stops too. Unset (the durable
/// runtime's default), nothing is counted and cancellation keeps its usual meaning (the burst is abandoned).
/// </remarks>
public sealed class ExecutionBudget
{
    private readonly TimeProvider _clock;
    private CancellationTokenSource? _deadline;
    private long _started;
    private int _used;

    /// <param name="maxActivities">Activity executions (starts and resumes) per call; zero or less: no limit.</param>
    /// <param name="timeLimit">Wall-clock time per call; zero or less: no limit.</param>
    /// <param name="clock">Measures the time limit; the system clock by default.</param>
    public ExecutionBudget(int maxActivities, TimeSpan timeLimit, TimeProvider? clock = null)
    {
        MaxActivities = maxActivities;
        TimeLimit = timeLimit;
        _clock = clock ?? TimeProvider.System;
    }

    public int MaxActivities { get; }
    public TimeSpan TimeLimit { get; }

    /// <summary>Activity executions since <see cref="Begin"/>.</summary>
    public int Used => Volatile.Read(ref _used);

    /// <summary>Cancelled when the current call's time ran out; pass it to the runner.</summary>
    public CancellationToken Token => _deadline?.Token ?? CancellationToken.None;

    /// <summary>
    /// The current call's time ran out. Read from the clock on the calling thread as well as from the token: the
    /// token's timer runs on the thread pool, and a starved pool can fire it late (after a script's own, longer
    /// limit has already stopped the script), so the clock is what decides which limit a fault is blamed on.
    /// </summary>
    public bool TimedOut
    {
        get
        {
            if (_deadline is null)
                return false;
            if (!_deadline.IsCancellationRequested && _clock.GetElapsedTime(_started) >= TimeLimit)
                _deadline.Cancel();
            return _deadline.IsCancellationRequested;
        }
    }

    /// <summary>Starts a call: nothing used yet, the time counted from now. Calls of one budget must not overlap.</summary>
    public void Begin()
    {
        _deadline?.Dispose();
        _deadline = TimeLimit > TimeSpan.Zero ? new CancellationTokenSource(TimeLimit, _clock) : null;
        _started = _clock.GetTimestamp();
        Volatile.Write(ref _used, 0);
    }

    /// <summary>Why the scheduler may not run one more activity, or null while the budget lasts (counting it).</summary>
    internal string? Take()
    {
        if (TimedOut)
            return TimeLimitMessage;
        return MaxActivities > 0 && Interlocked.Increment(ref _used) > MaxActivities ? ActivityLimitMessage : null;
    }

    internal string TimeLimitMessage =>
        string.Create(CultureInfo.InvariantCulture, $"Stopped after the time limit of {TimeLimit.TotalSeconds:0.###} s without waiting for anything: is there a loop without a wait?");

    internal string ActivityLimitMessage =>
        string.Create(CultureInfo.InvariantCulture, $"Stopped after {MaxActivities} activity executions without waiting for anything: is there a loop without a wait?");
}
