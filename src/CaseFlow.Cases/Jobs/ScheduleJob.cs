using CaseFlow.Cases.Features.Schedules;
using Hangfire;

namespace CaseFlow.Cases.Jobs;

/// <summary>Checks the schedules every minute (and once at start-up): each due occurrence is run once (<see cref="ScheduleBook"/>).</summary>
public sealed class ScheduleJob(ScheduleBook schedules)
{
    public const string RecurringJobId = "caseflow:schedules";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Schedules")]
    public Task RunAsync(CancellationToken cancellationToken) => schedules.RunDueAsync(cancellationToken);
}
