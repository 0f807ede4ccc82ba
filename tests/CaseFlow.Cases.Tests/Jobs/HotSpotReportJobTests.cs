using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Tests.Features.Cases;
using Microsoft.Extensions.DependencyInjection;
using CaseFlow.Cases.Tests.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Jobs;

public sealed class HotSpotReportJobTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task TheWeeklyReport_GoesToTheManagersOnce_EvenWhenTheJobRunsTwice()
    {
        // 2026-03-01 is a Sunday: the complaints fall into the week the Monday-morning run reports.
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });
        _kit.Db.Clock.Advance(TimeSpan.FromHours(16));

        await _kit.Db.Get<HotSpotReportJob>().RunAsync(CancellationToken.None);
        await _kit.Db.Get<HotSpotReportJob>().RunAsync(CancellationToken.None);

        await using var db = _kit.Db.CreateDbContext();
        var report = await db.Notifications.AsNoTracking().SingleAsync(n => n.IdempotencyKey.StartsWith("hot-spot-report:"));
        Assert.Equal((RecipientKind.Role, "Manager", NotificationStatus.Sent), (report.RecipientKind, report.Recipient, report.Status));
        Assert.Equal("Complaint hot spots 2026-02-23 to 2026-03-01", report.Subject);
        Assert.Contains("price: 1 (100%)", report.Body, StringComparison.Ordinal);
    }

    // The report's week runs from Monday 00:00 to Monday 00:00 on the service's wall clock: run at 00:30 on a Monday
    // in Shanghai (Sunday 16:30 UTC), it reports the week that just ended there, with the complaint filed at 23:30
    // Sunday local time and without the one filed at 00:30 Monday.
    [Fact]
    public async Task TheWeek_EndsAtMondayMidnightInTheCalendarsTimeZone_NotUtc()
    {
        await using var kit = await CaseTestKit.CreateAsync(services: s => s.Configure<BusinessCalendarOptions>(o => o.TimeZone = "Asia/Shanghai"));
        var clock = kit.Db.Clock;
        clock.Advance(new DateTimeOffset(2026, 12, 6, 15, 30, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await kit.Intake.HandleAsync(CaseTestKit.Complaint() with { Category = "price" });
        clock.Advance(TimeSpan.FromHours(1));
        await kit.Intake.HandleAsync(CaseTestKit.Complaint() with { Category = "other" });

        await kit.Db.Get<HotSpotReportJob>().RunAsync(CancellationToken.None);

        await using var db = kit.Db.CreateDbContext();
        var report = await db.Notifications.AsNoTracking().SingleAsync(n => n.IdempotencyKey.StartsWith("hot-spot-report:"));
        Assert.Equal(("hot-spot-report:2026-11-30", "Complaint hot spots 2026-11-30 to 2026-12-06"), (report.IdempotencyKey, report.Subject));
        Assert.StartsWith("1 complaints filed.", report.Body, StringComparison.Ordinal);
        Assert.Contains("price: 1 (100%)", report.Body, StringComparison.Ordinal);
    }

    // The server was down on Monday morning: the start-up sends the missed report once, a second start-up nothing more.
    [Fact]
    public async Task AMissedReport_IsSentOnceAtStartUp_ByTheCatchUp()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });
        _kit.Db.Clock.Advance(TimeSpan.FromDays(2));

        Assert.True(await _kit.Db.Get<HotSpotReportJob>().CatchUpAsync());
        Assert.True(await _kit.Db.Get<HotSpotReportJob>().CatchUpAsync());
        await _kit.Db.Get<HotSpotReportJob>().RunAsync(CancellationToken.None);

        await using var db = _kit.Db.CreateDbContext();
        var report = await db.Notifications.AsNoTracking().SingleAsync(n => n.IdempotencyKey.StartsWith("hot-spot-report:"));
        Assert.Equal(("Complaint hot spots 2026-02-23 to 2026-03-01", NotificationStatus.Sent), (report.Subject, report.Status));
    }

    // A new installation has no week behind it: nothing to report, and no empty report for a week it never saw.
    [Fact]
    public async Task TheCatchUp_SendsNothing_WhenNoCaseExistedBeforeTheWeekEnded()
    {
        Assert.False(await _kit.Db.Get<HotSpotReportJob>().CatchUpAsync());

        await using var db = _kit.Db.CreateDbContext();
        Assert.False(await db.Notifications.AnyAsync(n => n.IdempotencyKey.StartsWith("hot-spot-report:")));
    }
}
