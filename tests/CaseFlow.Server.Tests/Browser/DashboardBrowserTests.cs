using System.Globalization;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
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

    public void Dispose() => _temp.Dispose();
}
