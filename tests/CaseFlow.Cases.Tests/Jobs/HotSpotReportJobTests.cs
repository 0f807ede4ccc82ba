using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Jobs;
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
}
