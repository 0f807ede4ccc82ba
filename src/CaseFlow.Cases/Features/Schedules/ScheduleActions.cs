using System.Globalization;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Drills;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Schedules;

/// <summary>One occurrence to act on: which schedule, its key (the work it creates is keyed by it), when it was due.</summary>
public sealed record ScheduleOccurrence(string ScheduleId, ScheduleDefinition Definition, string Key, DateTimeOffset Occurrence, bool Adhoc);

/// <summary>
/// The work of a schedule's occurrence. Idempotent by the occurrence's key: a second node, a retried check or a crash
/// between the work and its record runs it again and creates nothing new.
/// </summary>
public sealed class ScheduleActions(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    EfWorkflowDefinitionStore definitions,
    IServiceProvider services,
    EscalationChain organisation,
    BusinessCalendar calendar,
    IOptions<ScheduleOptions> options,
    IOptions<DrillOptions> drillOptions,
    TimeProvider clock)
{
    /// <summary>Does the occurrence's work; returns what it did, for the run's record.</summary>
    public Task<string> RunAsync(ScheduleOccurrence occurrence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        return occurrence.Definition.Action switch
        {
            ScheduleAction.PlanReview => ReviewPlansAsync(cancellationToken),
            ScheduleAction.Drill => PlanDrillAsync(occurrence, cancellationToken),
            ScheduleAction.Workflow => StartWorkflowAsync(occurrence, cancellationToken),
            ScheduleAction.Report => SendReportAsync(occurrence, cancellationToken),
            _ => throw new InvalidOperationException($"Schedule {occurrence.ScheduleId}: unknown action {occurrence.Definition.Action}"),
        };
    }

    // Q6: one review per published version that reached the age: the instance id is the version's, so a version is
    // reviewed once however many mornings find it old.
    private async Task<string> ReviewPlansAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var review = await definitions.FindPublishedAsync(settings.PlanReviewWorkflow, cancellationToken)
            ?? throw new ConflictException($"No published workflow '{settings.PlanReviewWorkflow}' reviews plans");
        var now = clock.GetUtcNow();
        var dueBefore = now.AddMonths(-settings.PlanReviewMonths);
        var started = new List<string>();
        var runtime = services.GetRequiredService<DurableWorkflowRuntime>();
        var generalManager = (await organisation.GeneralManagerAsync(cancellationToken))?.UserName;
        foreach (var plan in settings.Plans)
        {
            var versions = await definitions.ListVersionsAsync(plan, cancellationToken);
            var published = versions.FirstOrDefault(v => v.IsPublished);
            if (published?.PublishedAt is not { } publishedAt || publishedAt > dueBefore)
                continue;
            try
            {
                await runtime.StartAsync(review, new StartWorkflowOptions
                {
                    InstanceId = "plan-review-" + published.VersionId,
                    Input = new Dictionary<string, object?>
                    {
                        ["plan"] = plan,
                        ["planName"] = published.Name ?? plan,
                        ["version"] = published.Version,
                        ["versionId"] = published.VersionId,
                        ["publishedAt"] = publishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ["generalManager"] = generalManager,
                    },
                }, cancellationToken);
                started.Add($"{plan} v{published.Version}");
            }
            catch (WorkflowConcurrencyException)
            {
                // This version is already under review.
            }
        }

        return started.Count == 0 ? "no plan version is due for review" : "reviews started: " + string.Join(", ", started);
    }

    // D1: one drill per half-year (the occurrence's, in the calendar's zone), never a scenario already drilled that year.
    private async Task<string> PlanDrillAsync(ScheduleOccurrence occurrence, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(occurrence.Occurrence, calendar.TimeZone);
        var half = local.Month <= 6 ? 1 : 2;
        var key = occurrence.Adhoc ? "drill:" + occurrence.Key : $"drill:{local.Year}-H{half}";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var drills = await db.Drills.AsNoTracking().ToListAsync(cancellationToken);
        if (drills.FirstOrDefault(d => d.ScheduleKey == key) is { } existing)
            return $"the drill for {local.Year} H{half} is planned already ({existing.Scenario})";
        var ofYear = drills.Where(d => Local(d.PlannedFor ?? d.CreatedAt).Year == local.Year).ToList();
        if (!occurrence.Adhoc && ofYear.FirstOrDefault(d => HalfOf(Local(d.PlannedFor ?? d.CreatedAt)) == half) is { } planned)
            return $"a drill is planned for {local.Year} H{half} already ({planned.Scenario}): none added";
        var scenario = drillOptions.Value.Scenarios.Keys.FirstOrDefault(s => ofYear.All(d => d.Scenario != s));
        if (scenario is null)
            return $"every scenario has been drilled in {local.Year}: none planned (a drill never repeats a scenario within a year)";
        var (drillCase, _) = await services.GetRequiredService<PlanDrillHandler>().HandleAsync(
            // A drill caught up after a downtime is planned from now: its preparation needs the same lead time.
            new PlanDrill(scenario, options.Value.DrillKind.ToString(), (occurrence.Occurrence > clock.GetUtcNow() ? occurrence.Occurrence : clock.GetUtcNow()) + options.Value.DrillLeadTime, $"Scheduled drill for {local.Year} H{half}: {scenario}.", null, Actor.Of("caseflow")) { ScheduleKey = key },
            cancellationToken);
        return $"drill {drillCase.Number} planned: {scenario}";
    }

    private async Task<string> StartWorkflowAsync(ScheduleOccurrence occurrence, CancellationToken cancellationToken)
    {
        var workflowId = occurrence.Definition.Workflow ?? throw new InvalidOperationException($"Schedule {occurrence.ScheduleId} starts a workflow but names none");
        var definition = await definitions.FindPublishedAsync(workflowId, cancellationToken)
            ?? throw new ConflictException($"No published workflow '{workflowId}' for schedule {occurrence.ScheduleId}");
        var instanceId = "schedule-" + occurrence.Key.Replace(':', '-');
        try
        {
            await services.GetRequiredService<DurableWorkflowRuntime>().StartAsync(definition, new StartWorkflowOptions
            {
                InstanceId = instanceId,
                Input = new Dictionary<string, object?> { ["schedule"] = occurrence.ScheduleId, ["occurrence"] = occurrence.Occurrence, ["adhoc"] = occurrence.Adhoc },
            }, cancellationToken);
        }
        catch (WorkflowConcurrencyException)
        {
            return $"{workflowId} already started for this occurrence";
        }

        return $"{workflowId} started";
    }

    // Q4, Q5: the month or quarter before the occurrence (calendar's wall clock), once: the key is the period's.
    private async Task<string> SendReportAsync(ScheduleOccurrence occurrence, CancellationToken cancellationToken)
    {
        var definition = occurrence.Definition;
        var local = Local(occurrence.Occurrence);
        var thisPeriod = definition.Period == ReportPeriod.Month
            ? new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified)
            : new DateTime(local.Year, ((local.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var start = definition.Period == ReportPeriod.Month ? thisPeriod.AddMonths(-1) : thisPeriod.AddMonths(-3);
        var label = definition.Period == ReportPeriod.Month
            ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{((start.Month - 1) / 3) + 1}");
        var from = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(start, calendar.TimeZone), TimeSpan.Zero);
        var to = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(thisPeriod, calendar.TimeZone), TimeSpan.Zero);
        var kpis = await services.GetRequiredService<Kpis.KpiQuery>().RunAsync(from, to, cancellationToken: cancellationToken);
        var (subject, body) = PeriodReports.Compose(definition.Report, label, kpis);
        var key = occurrence.Adhoc ? $"report:{occurrence.Key}" : $"report:{occurrence.ScheduleId}:{label}";
        await services.GetRequiredService<Notifications.NotificationService>().SendAsync(new Notifications.NotificationRequest
        {
            IdempotencyKey = key,
            RecipientKind = RecipientKind.Role,
            Recipient = definition.Recipients,
            Subject = subject,
            Body = body,
        }, cancellationToken);
        return $"{subject} sent to {definition.Recipients}";
    }

    private DateTimeOffset Local(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, calendar.TimeZone);

    private static int HalfOf(DateTimeOffset local) => local.Month <= 6 ? 1 : 2;
}
