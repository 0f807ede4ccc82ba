namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// Limits of the designer's test runs (configuration section <c>CaseFlow:TestRuns</c>). Runs live in the server's
/// memory only, so every one of them is bounded: how many there are, how long they stay, how much one call may run
/// and how much a run may record.
/// </summary>
public sealed class TestRunOptions
{
    public const string SectionName = "CaseFlow:TestRuns";

    /// <summary>Activity executions one call (start, complete, event, timer) may run before the run faults: a loop without a wait.</summary>
    public int MaxActivityExecutions { get; set; } = 10_000;

    /// <summary>Wall-clock time one call may run before the run faults (scripts that are running stop too).</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs one user keeps; starting another evicts their oldest.</summary>
    public int MaxRunsPerUser { get; set; } = 5;

    /// <summary>Runs the server keeps; starting another evicts the one left unused longest.</summary>
    public int MaxRuns { get; set; } = 200;

    /// <summary>A run unused this long is gone (404); every call slides its expiry.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How deep child workflows (<c>Elsa.ExecuteWorkflow</c>) may nest in a run: each level runs within its parent's call.</summary>
    public int MaxChildDepth { get; set; } = 16;

    /// <summary>Journal steps a run keeps; later ones are counted, not kept.</summary>
    public int MaxSteps { get; set; } = 25_000;

    /// <summary>Effects and console lines a run keeps, each; later ones are counted, not kept.</summary>
    public int MaxRecords { get; set; } = 1_000;

    /// <summary>Longest text kept in an effect's payload or a console line; longer text is cut and marked with "…".</summary>
    public int MaxTextLength { get; set; } = 10_000;
}
