using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Surveys;
using CaseFlow.Cases.Features.Tasks;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// The case side's safety net, run at start-up and every minute: hands the workflow completions and survey answers
/// it has not taken yet, starts the workflows of cases filed just before a crash, delivers notifications whose job
/// was lost (in-memory Hangfire storage), escalates overdue tasks up the superior chain, raises emergencies from complaint spikes, lets go the cases held for an emergency that is over and marks expired surveys. Every step is idempotent.
/// </summary>
public sealed class CaseSweepJob(
    TaskCommands tasks,
    CreateCaseHandler intake,
    NotificationService notifications,
    SurveyCommands surveys,
    EscalateOverdueTasksHandler escalations,
    Features.Emergencies.DetectComplaintSpikesHandler spikes,
    Features.Emergencies.HeldCases held,
    CaseSweepGate gate,
    ILogger<CaseSweepJob> logger)
{
    public const string RecurringJobId = "caseflow:case-sweep";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Case sweep")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // One sweep at a time per host (the gate is its singleton): an overlapping run would only repeat the same
        // idempotent work. Another host in the same process (tests, a second server) sweeps its own database.
        if (!gate.TryEnter())
            return;
        try
        {
            var resumed = await tasks.ResumeCompletedAsync(cancellationToken);
            var answers = await surveys.ResumeAnsweredAsync(cancellationToken);
            var started = await intake.StartMissingWorkflowsAsync(cancellationToken);
            var escalated = await escalations.EscalateAsync(100, cancellationToken);
            var spiked = await spikes.DetectAsync(cancellationToken);
            var released = await held.ReleaseEndedAsync(cancellationToken);
            var delivered = await notifications.DeliverPendingAsync(100, cancellationToken);
            var expired = await surveys.ExpireOverdueAsync(cancellationToken);
            if (resumed + answers + started + escalated + spiked + released + delivered + expired > 0)
            {
                logger.LogInformation(
                    "Case sweep: {Resumed} task completions and {Answers} survey answers handed over, {Started} workflows started, {Escalated} overdue tasks escalated, {Spikes} complaint spikes raised as emergencies, {Released} held cases released, {Delivered} notifications delivered, {Expired} surveys expired",
                    resumed, answers, started, escalated, spiked, released, delivered, expired);
            }
        }
        finally
        {
            gate.Exit();
        }
    }
}

/// <summary>Keeps two case sweeps of one host from overlapping (a singleton; job instances are created per run).</summary>
public sealed class CaseSweepGate
{
    private int _busy;

    public bool TryEnter() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Exit() => Volatile.Write(ref _busy, 0);
}
