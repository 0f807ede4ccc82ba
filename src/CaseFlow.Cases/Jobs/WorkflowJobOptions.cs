namespace CaseFlow.Cases.Jobs;

/// <summary>Settings of the workflow jobs (configuration section <c>CaseFlow:Jobs</c>).</summary>
public sealed class WorkflowJobOptions
{
    public const string SectionName = "CaseFlow:Jobs";

    /// <summary>
    /// How often <see cref="TimerSweepJob"/> fires due timers and re-dispatches the outbox from the database. This
    /// is what catches timers and messages written by another process (a second server, the CLI) whose own job
    /// system never heard of them.
    /// </summary>
    public TimeSpan TimerSweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// An outbox message younger than this is left to the dispatch job its commit enqueued; older ones are
    /// dispatched by the sweep (delivering twice is harmless, this only avoids doing the work twice).
    /// </summary>
    public TimeSpan OutboxRedispatchAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often Hangfire looks for timers that came due (its <c>SchedulePollingInterval</c>): a timer fires at most
    /// about this much after its due time, plus the firing itself. Hangfire's own default is 15 s.
    /// </summary>
    public TimeSpan TimerPollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Whether Hangfire gets one job per second of due times (<see cref="TimerBuckets"/>) rather than one job per timer.
    /// Null (the default): on PostgreSQL, where Hangfire's per-job work is what limits how many timers fire a second;
    /// one job per timer on SQLite, whose in-memory job storage keeps up.
    /// </summary>
    public bool? TimerJobPerSecond { get; set; }

    /// <summary>
    /// How long before its second a bucket's job runs to read and hold that second's timers: room for Hangfire's
    /// polling, its rounding to whole seconds and a busy queue, so that the timers are held before they are due.
    /// </summary>
    public TimeSpan TimerBucketLead { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How far apart the nodes' clocks may be (they decide when a bucket's job runs and when a timer joins it).</summary>
    public TimeSpan TimerBucketClockSkew { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Timers due sooner than this get a job of their own: their bucket's job may read the database before their
    /// commit. The lead, the second itself and <see cref="TimerBucketClockSkew"/>: 8 s by default.
    /// </summary>
    public TimeSpan TimerBucketHorizon => TimerBucketLead + TimeSpan.FromSeconds(1) + TimerBucketClockSkew;

    /// <summary>
    /// Workers that deliver outbox messages in process right after their commit (<see cref="OutboxRelay"/>); 0 sends
    /// every message through a Hangfire job instead (a few milliseconds more per message: the job storage's round trip).
    /// </summary>
    public int OutboxRelayWorkers { get; set; } = 4;

    /// <summary>When the weekly complaint hot-spot report goes to the managers (cron, in the business calendar's time zone): Mondays 01:00.</summary>
    public string HotSpotReportCron { get; set; } = "0 1 * * 1";

    /// <summary>
    /// What start-up does with occurrences of <c>Cron</c>/<c>Timer</c> triggers that fell while no server ran
    /// (<c>CaseFlow:Jobs:MissedOccurrences</c>): <see cref="MissedOccurrencePolicy.RunOnce"/> (default: plan reviews and
    /// reports must not silently drop a period) starts the latest one once; <see cref="MissedOccurrencePolicy.Skip"/>
    /// drops them. A definition overrides it with the custom property <c>missedOccurrences</c>.
    /// </summary>
    public MissedOccurrencePolicy MissedOccurrences { get; set; } = MissedOccurrencePolicy.RunOnce;
}
