using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Tests.Jobs;

/// <summary>
/// Scheduled starts on a real SQLite file with a settable clock (<see cref="TestClock"/>, 2026-03-01 09:00 UTC at
/// first). A second process is a second container over the same file (<see cref="TestDatabase.NewProcess"/>).
/// </summary>
public sealed class ScheduledStartsTests : IAsyncLifetime
{
    private const string Quarterly = "0 */15 * * * ?";
    private static readonly DateTimeOffset Nine = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("0 */15 * * * ?", "2026-03-01T09:37:12Z", "2026-03-01T09:30:00Z")]
    [InlineData("0 */15 * * * ?", "2026-03-01T09:30:00Z", "2026-03-01T09:30:00Z")]
    [InlineData("*/2 * * * * ?", "2026-03-01T09:00:03.999Z", "2026-03-01T09:00:02Z")]
    [InlineData("0 0 1 * * ?", "2026-03-01T00:59:59Z", "2026-02-28T01:00:00Z")]
    [InlineData("0 30 5 * * ? 2030", "2026-03-01T09:00:00Z", "2026-03-01T05:30:00Z")]
    public void AnOccurrence_IsTheLatestCronTimeAtOrBeforeTheScheduledTime(string elsaCron, string at, string expected)
    {
        var cron = CronSchedules.FromElsaCron(elsaCron)!;
        var occurrence = ScheduledOccurrences.Latest(cron, DateTimeOffset.MinValue, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), occurrence);
    }

    [Fact]
    public void AnOccurrencesIdentity_IsItsTriggerAndItsTime_NotWhoRunsIt()
    {
        var at = Nine.AddMinutes(15);
        Assert.Equal("occurrence:2026-03-01T09:15:00Z", ScheduledOccurrences.StimulusId(at));
        Assert.Equal("occurrence:2026-03-01T09:15:00Z", ScheduledOccurrences.StimulusId(at.ToOffset(TimeSpan.FromHours(2))));
        Assert.Equal(ScheduledOccurrences.InstanceId("report-v1:cron", at), ScheduledOccurrences.InstanceId("report-v1:cron", at.ToOffset(TimeSpan.FromHours(-5))));
        Assert.NotEqual(ScheduledOccurrences.InstanceId("report-v1:cron", at), ScheduledOccurrences.InstanceId("report-v2:cron", at));
        Assert.NotEqual(ScheduledOccurrences.InstanceId("report-v1:cron", at), ScheduledOccurrences.InstanceId("report-v1:cron", at.AddMinutes(15)));

        // Nothing at or before the trigger's publication belongs to it.
        Assert.Null(ScheduledOccurrences.Latest(CronSchedules.FromElsaCron(Quarterly)!, at, at.AddMinutes(14)));
        Assert.Equal(at.AddMinutes(15), ScheduledOccurrences.Latest(CronSchedules.FromElsaCron(Quarterly)!, at, at.AddMinutes(15)));
    }

    [Fact]
    public async Task AnOccurrenceRunByTwoProcesses_StartsOneInstance_AndTheRefusedDuplicateIsLogged()
    {
        await _db.PublishAsync(WorkflowDefinitionReader.Read(CronJson("report")));
        _db.Clock.Advance(TimeSpan.FromMinutes(15.01));
        var (firstJob, _) = Job(_db.Services);
        var (secondJob, secondLog) = Job(_db.NewProcess());

        await firstJob.StartAsync("report-v1:cron", null, CancellationToken.None);
        await secondJob.StartAsync("report-v1:cron", null, CancellationToken.None);

        Assert.Equal([ScheduledOccurrences.InstanceId("report-v1:cron", Nine.AddMinutes(15))], await InstanceIdsAsync("report"));
        Assert.Contains(secondLog.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("report-v1:cron", StringComparison.Ordinal)
            && e.Message.Contains("occurrence:2026-03-01T09:15:00Z already started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AJobThatRunsLate_StartsTheOccurrenceItWasScheduledFor_NotALaterOne()
    {
        await _db.PublishAsync(WorkflowDefinitionReader.Read(CronJson("report")));
        _db.Clock.Advance(TimeSpan.FromMinutes(31));
        var starts = Starts(_db.Services, new WorkflowJobOptions()).Starts;

        var late = await starts.StartAsync("report-v1:cron", Nine.AddMinutes(15).AddSeconds(1));
        var onTime = await starts.StartAsync("report-v1:cron", Nine.AddMinutes(30).AddSeconds(1));
        var retried = await starts.StartAsync("report-v1:cron", Nine.AddMinutes(15).AddSeconds(1));

        Assert.Equal(ScheduledOccurrences.InstanceId("report-v1:cron", Nine.AddMinutes(15)), late?.Id);
        Assert.Equal(ScheduledOccurrences.InstanceId("report-v1:cron", Nine.AddMinutes(30)), onTime?.Id);
        Assert.Null(retried);
        Assert.Equal(2, (await InstanceIdsAsync("report")).Count);
    }

    [Fact]
    public async Task AMissedOccurrence_RunsOnceAtStartUp_WithRunOnce_TheLatestOnly_AndNeverTwice()
    {
        await _db.PublishAsync(WorkflowDefinitionReader.Read(CronJson("report")));
        _db.Clock.Advance(TimeSpan.FromMinutes(67)); // 09:15, 09:30, 09:45 and 10:00 fell while no server ran

        var (first, _) = Starts(_db.Services, new WorkflowJobOptions { MissedOccurrences = MissedOccurrencePolicy.RunOnce });
        var (second, secondLog) = Starts(_db.NewProcess(), new WorkflowJobOptions { MissedOccurrences = MissedOccurrencePolicy.RunOnce });
        var started = await first.RunMissedAsync();
        var again = await second.RunMissedAsync();

        var expected = ScheduledOccurrences.InstanceId("report-v1:cron", Nine.AddHours(1));
        Assert.Equal([expected], started);
        Assert.Empty(again);
        Assert.Equal([expected], await InstanceIdsAsync("report"));
        Assert.Contains(secondLog.Entries, e => e.Message.Contains("occurrence:2026-03-01T10:00:00Z already started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithSkip_AMissedOccurrenceIsNotRun_AndADefinitionMayOverrideThePolicyEitherWay()
    {
        await _db.PublishAsync(WorkflowDefinitionReader.Read(CronJson("plan-review")));
        await _db.PublishAsync(WorkflowDefinitionReader.Read(CronJson("statistics", policy: "Skip")));
        await _db.PublishAsync(WorkflowDefinitionReader.Read(CronJson("report", policy: "RunOnce")));
        _db.Clock.Advance(TimeSpan.FromMinutes(20));

        // The run that starts plan-review (the default) and report (its own RunOnce) had its chance at statistics too.
        var runOnce = await Starts(_db.Services, new WorkflowJobOptions()).Starts.RunMissedAsync();
        Assert.Equal(2, runOnce.Count);
        Assert.Empty(await InstanceIdsAsync("statistics"));

        _db.Clock.Advance(TimeSpan.FromMinutes(15)); // 09:30 missed as well
        var skip = await Starts(_db.NewProcess(), new WorkflowJobOptions { MissedOccurrences = MissedOccurrencePolicy.Skip }).Starts.RunMissedAsync();
        Assert.Equal([ScheduledOccurrences.InstanceId("report-v1:cron", Nine.AddMinutes(30))], skip);
        Assert.Single(await InstanceIdsAsync("plan-review"));
        Assert.Empty(await InstanceIdsAsync("statistics"));
    }

    [Fact]
    public async Task AnOccurrenceBeforeTheTriggerWasPublished_IsNeverRun()
    {
        _db.Clock.Advance(TimeSpan.FromMinutes(7));
        await _db.PublishAsync(WorkflowDefinitionReader.Read(CronJson("report"))); // 09:07: the 09:00 occurrence predates it
        _db.Clock.Advance(TimeSpan.FromMinutes(7));
        var starts = Starts(_db.Services, new WorkflowJobOptions()).Starts;

        Assert.Empty(await starts.RunMissedAsync());
        Assert.Null(await starts.StartAsync("report-v1:cron", Nine));

        // The first occurrence after the publication is the trigger's: the catch-up had its chance above and now runs it.
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([ScheduledOccurrences.InstanceId("report-v1:cron", Nine.AddMinutes(15))], await starts.RunMissedAsync());
        Assert.Single(await InstanceIdsAsync("report"));
    }

    [Fact]
    public async Task ARedeliveredEvent_StartsItsTriggeredWorkflowOnce_AndTheRefusedDuplicateIsLogged()
    {
        await _db.PublishAsync(WorkflowDefinitionReader.Read(EventTriggerJson));
        var log = new ListLogger<TriggeredStarts>();
        var dispatcher = new WorkflowEventDispatcher(_db.Runtime, new TriggeredStarts(_db.Runtime, _db.Definitions, log), _db.Definitions);

        var first = await dispatcher.PublishAsync("Filed", null, null, stimulusId: "delivery-1");
        var second = await dispatcher.PublishAsync("Filed", null, null, stimulusId: "delivery-1");

        Assert.Single(first.Started);
        Assert.Empty(second.Started);
        Assert.Single(await InstanceIdsAsync("on-filed"));
        Assert.Contains(log.Entries, e => e.Message.Contains("on-filed-v1:filed", StringComparison.Ordinal) && e.Message.Contains("delivery-1 already started", StringComparison.Ordinal));
    }

    private static (ScheduledTriggerJob Job, ListLogger<TriggeredStarts> Log) Job(IServiceProvider process)
    {
        var (starts, log) = Starts(process, new WorkflowJobOptions());
        return (new ScheduledTriggerJob(starts), log);
    }

    private static (ScheduledStarts Starts, ListLogger<TriggeredStarts> Log) Starts(IServiceProvider process, WorkflowJobOptions options)
    {
        var log = new ListLogger<TriggeredStarts>();
        var definitions = process.GetRequiredService<EfWorkflowDefinitionStore>();
        var triggered = new TriggeredStarts(process.GetRequiredService<DurableWorkflowRuntime>(), definitions, log);
        return (new ScheduledStarts(triggered, definitions, process.GetRequiredService<TimeProvider>(), Options.Create(options), new ListLogger<ScheduledStarts>()), log);
    }

    private async Task<List<string>> InstanceIdsAsync(string definitionId)
    {
        await using var db = _db.CreateDbContext();
        return await db.WorkflowInstances.AsNoTracking().Where(i => i.DefinitionId == definitionId).Select(i => i.Id).ToListAsync();
    }

    /// <summary>A Cron trigger every quarter hour → WriteLine; <paramref name="policy"/> as the definition's <c>missedOccurrences</c>.</summary>
    private static string CronJson(string definitionId, string? policy = null) => $$"""
        {
          "id": "{{definitionId}}-v1", "definitionId": "{{definitionId}}", "name": "{{definitionId}}", "version": 1,
          "customProperties": {{(policy is null ? "{}" : $$"""{ "missedOccurrences": "{{policy}}" }""")}},
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "cron", "type": "Elsa.Cron", "customProperties": { "canStartWorkflow": true },
                "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "{{Quarterly}}" } } },
              { "id": "tick", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "tick" } } }
            ],
            "connections": [ { "source": { "activity": "cron", "port": "Done" }, "target": { "activity": "tick", "port": "In" } } ]
          }
        }
        """;

    private const string EventTriggerJson = """
        {
          "id": "on-filed-v1", "definitionId": "on-filed", "name": "On filed", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "filed", "type": "Elsa.Event", "customProperties": { "canStartWorkflow": true },
                "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Filed" } } },
              { "id": "tick", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "tick" } } }
            ],
            "connections": [ { "source": { "activity": "filed", "port": "Done" }, "target": { "activity": "tick", "port": "In" } } ]
          }
        }
        """;
}
