using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>The KPI dashboard in real Chromium: its figures are the API's, and they change as cases come in.</summary>
[Collection(HostCollection.Name)]
public sealed class DashboardBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AManagersDashboard_ShowsTheApisFigures_AndCountsANewCaseWithoutAReload()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "manager");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        using var managerApi = await session.Host.ClientAsync("manager");
        await CaseApi.FileAsync(agentApi);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = DateTime.UtcNow.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        async Task<(int Cases, int Open)> ApiAsync()
        {
            var kpis = await CaseApi.GetJsonAsync(managerApi, $"/api/kpis?from={from}&to={today}");
            return (kpis.GetProperty("volume").GetProperty("total").GetInt32(), kpis.GetProperty("backlog").GetProperty("openCases").GetInt32());
        }

        await page.GotoAsync("/dashboard");
        var (cases, open) = await ApiAsync();
        await Assertions.Expect(page.GetByTestId("kpi-cases").Locator(".ant-statistic-content")).ToHaveTextAsync(cases.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("kpi-open-cases").Locator(".ant-statistic-content")).ToHaveTextAsync(open.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("chart-category").Locator("canvas")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "42-dashboard");

        await CaseApi.FileAsync(agentApi, description: "The fridge hums loudly at night.");
        var after = await ApiAsync();
        Assert.Equal(cases + 1, after.Cases);
        await Assertions.Expect(page.GetByTestId("kpi-cases").Locator(".ant-statistic-content")).ToHaveTextAsync(after.Cases.ToString(CultureInfo.InvariantCulture));

        // Each chart's data downloads as CSV.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("chart-category-csv").ClickAsync());
        Assert.StartsWith("volume-by-category_", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("Not classified yet," + after.Cases.ToString(CultureInfo.InvariantCulture), csv, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task TheTrendHotSpotsEmergenciesAndDrillCharts_ShowTheApisSeries_AndDrillsCountOnlyWhenAskedFor()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "manager");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        using var managerApi = await session.Host.ClientAsync("manager");
        // A complaint whose survey was answered, an emergency (its 15 min response clock starts) and a planned drill.
        var complaint = await CaseApi.FileAsync(agentApi, category: "price");
        var seed = new Seed(session.Host.Get<IDbContextFactory<CaseFlowDbContext>>());
        await seed.AddAsync(new Survey
        {
            Id = Guid.NewGuid().ToString("N"),
            CaseId = complaint.Text("id"),
            WorkflowInstanceId = "seeded",
            TokenHash = Guid.NewGuid().ToString("N"),
            Status = SurveyStatus.Answered,
            Score = 4,
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
        });
        var raised = await agentApi.PostAsJsonAsync("/api/emergencies", new { eventType = "system-failure", description = "The telephony platform rejects every call.", departments = new[] { "customer-service" } });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        using var headApi = await session.Host.ClientAsync("head");
        var drill = await headApi.PostAsJsonAsync("/api/drills", new { scenario = "staff-loss", kind = "tabletop" });
        Assert.True(drill.IsSuccessStatusCode, await drill.Content.ReadAsStringAsync());
        var kpis = await CaseApi.GetJsonAsync(managerApi, "/api/kpis");

        await page.GotoAsync("/dashboard");

        foreach (var chart in new[] { "chart-csat-trend", "chart-hot-spots", "chart-ageing", "chart-emergencies", "chart-drills" })
            await Assertions.Expect(page.GetByTestId(chart).Locator("canvas")).ToHaveCountAsync(1);
        var emergencies = kpis.GetProperty("emergencies").GetProperty("total").GetInt32();
        await Assertions.Expect(page.GetByTestId("chart-emergencies")).ToContainTextAsync($"({emergencies.ToString(CultureInfo.InvariantCulture)} raised)");
        await Chromium.ScreenshotAsync(page, "43-dashboard-series");

        var trend = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("chart-csat-trend-csv").ClickAsync());
        var today = kpis.GetProperty("csatTrend").GetProperty("points").EnumerateArray().Last();
        Assert.EndsWith($",{today.GetProperty("sent").GetInt32()},{today.GetProperty("answered").GetInt32()},4", (await File.ReadAllTextAsync(await trend.PathAsync())).TrimEnd(), StringComparison.Ordinal);
        var drills = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("chart-drills-csv").ClickAsync());
        Assert.Contains("Staff loss,Tabletop", await File.ReadAllTextAsync(await drills.PathAsync()), StringComparison.Ordinal);

        // Drills are counted only when asked for: the switch asks the API, and the URL keeps it.
        var asked = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("dashboard-drills").ClickAsync(), r => r.Url.Contains("/api/kpis", StringComparison.Ordinal) && r.Url.Contains("drills=true", StringComparison.Ordinal));
        Assert.True((await asked.JsonAsync())!.Value.GetProperty("includesDrills").GetBoolean());
        Assert.Contains("drills=true", page.Url, StringComparison.Ordinal);

        await Chromium.ChooseAsync(page, page.GetByTestId("language-switch"), "简体中文");
        await Assertions.Expect(page.GetByTestId("chart-hot-spots")).ToContainTextAsync("投诉热点");
        await Chromium.ScreenshotAsync(page, "43-dashboard-series-zh");
    }

    public void Dispose() => _temp.Dispose();
}
