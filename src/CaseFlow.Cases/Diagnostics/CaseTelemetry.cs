using System.Diagnostics.Metrics;

namespace CaseFlow.Cases.Diagnostics;

/// <summary>Case management's metrics (meter <see cref="Name"/>), beside the engine's <c>CaseFlow.Workflows</c>.</summary>
public static class CaseTelemetry
{
    public const string Name = "CaseFlow.Cases";

    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> TaskWait = Meter.CreateHistogram<double>("caseflow.task.wait", "s", "From a task's hand-out to its completion");

    public static readonly Counter<long> SlaBreaches = Meter.CreateCounter<long>("caseflow.sla.breaches", "{breach}", "SLA clocks that ran out");

    public static readonly Counter<long> JobFailures = Meter.CreateCounter<long>("caseflow.jobs.failed", "{failure}", "Background job attempts that failed (each is retried)");
}
