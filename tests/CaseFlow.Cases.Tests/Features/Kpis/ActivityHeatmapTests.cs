using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Kpis;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Tests.Features.Kpis;

/// <summary>
/// The heatmap of complaint handling over three real runs on the shipped workflow: one worked after a 20 minute wait
/// and rated 5, one worked at once and rated 4, one left unclassified until its first-response clock breached.
/// </summary>
public sealed class ActivityHeatmapTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;
    private DateTimeOffset _start;

    public async Task InitializeAsync()
    {
        _kit = await ScenarioKit.CreateAsync();
        _start = _kit.Db.Clock.GetUtcNow();
        var waited = await _kit.FileAsync(description: "Promotion price not applied to order 7781.");
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(20));
        await _kit.ResolveAsync(waited);
        await _kit.FeedBackAndFollowUpAsync(waited);
        await _kit.AnswerSurveyAsync(waited.Id, 5);

        var atOnce = await _kit.FileAsync(description: "Charged twice for order 7782.");
        await _kit.ResolveAsync(atOnce);
        await _kit.FeedBackAndFollowUpAsync(atOnce);
        await _kit.AnswerSurveyAsync(atOnce.Id, 4); // a low score would reopen the case in a run of its own

        await _kit.FileAsync(description: "Nobody called me back about order 7783.");
        await _kit.AdvanceAsync(TimeSpan.FromHours(25)); // the 24 h first response breaches while it waits to be classified
    }

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private Task<ActivityHeatmap> HeatmapAsync(int maxRuns = 5_000) =>
        new ActivityHeatmapQuery(_kit.Db.Get<IDbContextFactory<CaseFlowDbContext>>(), _kit.Db.Clock, Options.Create(new HeatmapOptions { MaxRuns = maxRuns }))
            .RunAsync("complaint-handling", from: _start, to: _kit.Db.Clock.GetUtcNow());

    [Fact]
    public async Task EachActivity_CountsItsExecutionsWaitsBreachesAndTheCsatOfTheCasesThatPassedIt()
    {
        var heatmap = await HeatmapAsync();
        var by = heatmap.Activities.ToDictionary(a => a.ActivityId);

        Assert.Equal((3, 3, 1, 2, 4.5), (heatmap.Runs, heatmap.Analysed, heatmap.SlaBreaches, heatmap.CsatAnswers, heatmap.CsatAverage));
        Assert.Equal(new ActivityHeat("classify", 3, 3, 2, 600.0, 1, 0, 1, 2, 4.5), by["classify"]);
        Assert.Equal((2, 2, 0, 2, 4.5), (by["priceCheck"].Executions, by["priceCheck"].Waits, by["priceCheck"].WaitingNow, by["priceCheck"].CsatAnswers, by["priceCheck"].CsatAverage));
        Assert.Equal(1, by["firstResponseOverdue"].Executions);

        // The clock's own timer waited until the breach: not where the case was stuck, and not waiting either.
        Assert.Equal((0, 0, 0), (by["slaFirstResponse"].SlaBreaches, by["slaFirstResponse"].Waits, by["slaFirstResponse"].WaitingNow));
        Assert.Equal(3, by["slaFirstResponse"].Executions);
        Assert.DoesNotContain("initialHandling", heatmap.Activities.Where(a => a.SlaBreaches > 0).Select(a => a.ActivityId));
    }

    [Fact]
    public async Task OnlyTheNewestRuns_UpToTheLimit_AreRead_AndTheHeatmapSaysSo()
    {
        var heatmap = await HeatmapAsync(maxRuns: 2);

        Assert.Equal((3, 2), (heatmap.Runs, heatmap.Analysed));
        Assert.Equal(2, heatmap.Activities.Single(a => a.ActivityId == "classify").Executions);
        Assert.Equal(1, heatmap.CsatAnswers); // the run rated 5 is the oldest, left unread
    }

    // A task is in the inbox the moment its burst commits, so one done at once has waited milliseconds: that is a
    // wait, and it shows (rounded to a tenth of a second it read 0, and the screen showed the activity cold).
    [Fact]
    public async Task AWaitOfAFewMilliseconds_IsAveragedToTheMillisecond()
    {
        await using var kit = await ScenarioKit.CreateAsync();
        var start = kit.Db.Clock.GetUtcNow();
        var filed = await kit.FileAsync();
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(3));
        await kit.ResolveAsync(filed);

        var heatmap = await new ActivityHeatmapQuery(kit.Db.Get<IDbContextFactory<CaseFlowDbContext>>(), kit.Db.Clock, Options.Create(new HeatmapOptions()))
            .RunAsync("complaint-handling", from: start, to: kit.Db.Clock.GetUtcNow());

        Assert.Equal(0.003, heatmap.Activities.Single(a => a.ActivityId == "classify").AverageWaitingSeconds);
    }

    [Fact]
    public async Task AnUnknownDefinitionOrVersion_IsNotFound_AndABackwardsPeriodIsRefused()
    {
        var query = _kit.Db.Get<ActivityHeatmapQuery>();

        await Assert.ThrowsAsync<NotFoundException>(() => query.RunAsync("no-such-workflow"));
        await Assert.ThrowsAsync<NotFoundException>(() => query.RunAsync("complaint-handling", version: 99));
        var backwards = await Assert.ThrowsAsync<ValidationException>(() => query.RunAsync("complaint-handling", from: _start, to: _start.AddDays(-1)));
        Assert.Equal(["from"], backwards.Errors.Keys);
    }
}
