using CaseFlow.Cases.Persistence;
using Hangfire;
using Hangfire.Server;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// Starts an instance for a <c>Cron</c>/<c>Timer</c> trigger (a recurring job per trigger) or a <c>StartAt</c>
/// trigger (one delayed job). The trigger is read from the database when the job runs: a retracted version has no
/// trigger row any more and the job does nothing.
/// </summary>
public sealed class ScheduledTriggerJob(TriggeredStarts starts, EfWorkflowDefinitionStore definitions)
{
    /// <summary><paramref name="context"/> is supplied by Hangfire (pass null): its job id keys the instance, so a retried occurrence starts nothing new.</summary>
    [JobDisplayName("Trigger {0}")]
    public async Task StartAsync(string triggerId, PerformContext? context, CancellationToken cancellationToken)
    {
        var trigger = (await definitions.FindTriggersAsync(null, null, cancellationToken)).FirstOrDefault(t => t.Id == triggerId);
        if (trigger is null)
            return;

        // A StartAt trigger starts its workflow once, ever: however often its job is scheduled again after restarts.
        var stimulus = trigger.Name == "Elsa.StartAt"
            ? "start-at"
            : context?.BackgroundJob?.Id ?? Workflows.Runtime.WorkflowExecutionContext.NewId();
        await starts.StartAsync(trigger, stimulus, input: null, correlationId: null, cancellationToken);
    }
}
