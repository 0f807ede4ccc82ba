using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CaseFlow.Workflows.Diagnostics;

/// <summary>
/// The engine's traces and metrics, on .NET's own <see cref="ActivitySource"/> and <see cref="Meter"/> (named
/// <see cref="Name"/>): a host exports them (OpenTelemetry) or not; recording costs next to nothing unheard.
/// </summary>
public static class WorkflowTelemetry
{
    public const string Name = "CaseFlow.Workflows";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Started = Meter.CreateCounter<long>("caseflow.workflows.started", "{instance}", "Workflow instances started");

    public static readonly Counter<long> Finished = Meter.CreateCounter<long>("caseflow.workflows.finished", "{instance}", "Workflow instances that finished");

    public static readonly Counter<long> Faulted = Meter.CreateCounter<long>("caseflow.workflows.faulted", "{instance}", "Workflow instances that ended faulted");

    public static readonly Histogram<double> BurstDuration = Meter.CreateHistogram<double>("caseflow.workflow.burst.duration", "ms", "A burst (start or resume): load, run and commit");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("caseflow.workflow.commit.duration", "ms", "The store's commit of a burst");

    public static readonly Histogram<double> OutboxLag = Meter.CreateHistogram<double>("caseflow.outbox.lag", "ms", "From an outbox message's commit to its delivery");

    /// <summary>The tag naming a definition on the engine's instruments.</summary>
    public const string DefinitionTag = "caseflow.workflow.definition";
}
