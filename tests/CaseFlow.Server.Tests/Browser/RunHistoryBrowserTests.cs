using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>The run history in real Chromium: a supervisor finds a complaint's run and reads the path it took.</summary>
[Collection(HostCollection.Name)]
public sealed class RunHistoryBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task ASupervisor_FindsAComplaintsRunByItsCase_SeesThePathTakenAndWhereItWaits_AndReadsTheJournal()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "supervisor");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        using var supervisorApi = await session.Host.ClientAsync("supervisor");
        var caseId = (await CaseApi.FileAsync(agentApi)).Text("id");
        await CaseApi.WaitForTaskAsync(supervisorApi, caseId, "classify");

        await page.GotoAsync("/runs");
        await page.GetByTestId("runs-filter-correlation").Locator("input").FillAsync(caseId);
        await page.GetByTestId("runs-filter-correlation").Locator("input").PressAsync("Enter");
        var rows = page.GetByTestId("runs-table").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync("complaint-handling");
        await Assertions.Expect(rows).ToContainTextAsync("Waiting");
        await Chromium.ScreenshotAsync(page, "38-run-history");

        await page.GetByTestId("run-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/runs/"));
        await Assertions.Expect(page.GetByTestId("instance-state")).ToHaveTextAsync("Waiting");
        var canvas = page.GetByTestId("instance-canvas");
        await Assertions.Expect(canvas.Locator("[data-testid=activity-node][data-activity-id='classify']")).ToHaveAttributeAsync("data-change", "waiting");
        await Assertions.Expect(canvas.Locator("[data-testid=activity-node][data-activity-id='acknowledge']")).ToHaveAttributeAsync("data-change", "visited");
        await Assertions.Expect(canvas.Locator(".react-flow__edge.edge--visited")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("instance-activities")).ToContainTextAsync("Waiting");
        await Chromium.ScreenshotAsync(page, "39-run-path");

        await page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "Journal" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("instance-journal")).ToContainTextAsync("completed");
        await Assertions.Expect(page.GetByTestId("instance-journal")).ToContainTextAsync("Classify (one of five categories)");
        // A supervisor reads runs but does not operate them: no cancel.
        await Assertions.Expect(page.GetByTestId("instance-cancel")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task AManagersHeatmap_ColoursEachActivityByTheApisFigures_WithTheNumbersOnHover_AndSwitchesMetric()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "manager");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        using var managerApi = await session.Host.ClientAsync("manager");
        using var supervisorApi = await session.Host.ClientAsync("supervisor");
        // Two complaints: one classified (its run moves on to initial handling), one still waiting to be classified.
        var classified = (await CaseApi.FileAsync(agentApi)).Text("id");
        var waiting = (await CaseApi.FileAsync(agentApi, description: "The parcel never arrived.")).Text("id");
        await CaseFlow.Server.Tests.Api.TaskApi.CompleteAsync(agentApi, classified, "available", "classify", "Classified", new { category = "price" });
        await CaseApi.WaitForTaskAsync(supervisorApi, classified, "initialHandling");
        await CaseApi.WaitForTaskAsync(supervisorApi, waiting, "classify");
        var heatmap = await CaseApi.GetJsonAsync(managerApi, "/api/workflow-definitions/complaint-handling/heatmap");
        var classify = heatmap.GetProperty("activities").EnumerateArray().Single(a => a.Text("activityId") == "classify");
        Assert.Equal((2, 1), (classify.GetProperty("executions").GetInt32(), classify.GetProperty("waitingNow").GetInt32()));

        await page.GotoAsync("/runs");
        await page.GetByTestId("runs-heatmap").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/runs/heatmap"));
        await Assertions.Expect(page.GetByTestId("heatmap")).ToContainTextAsync("Choose a workflow");
        await page.GetByTestId("heatmap-definition").ClickAsync();
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = "Complaint" }).First.ClickAsync();

        var canvas = page.GetByTestId("heatmap-canvas");
        var classifyNode = canvas.Locator("[data-testid=activity-node][data-activity-id='classify']");
        var handlingNode = canvas.Locator("[data-testid=activity-node][data-activity-id='initialHandling']");
        await Assertions.Expect(classifyNode).ToHaveAttributeAsync("data-heat", "5"); // the busiest: two of two runs
        await Assertions.Expect(classifyNode.GetByTestId("node-heat")).ToHaveTextAsync("2");
        await Assertions.Expect(handlingNode.GetByTestId("node-heat")).ToHaveTextAsync("1");
        await Assertions.Expect(canvas.Locator("[data-testid=activity-node][data-activity-id='archive']")).ToHaveAttributeAsync("data-heat", "0");
        await Assertions.Expect(page.GetByTestId("heatmap-summary")).ToContainTextAsync($"{heatmap.GetProperty("analysed").GetInt32()} of {heatmap.GetProperty("runs").GetInt32()} runs");
        await classifyNode.GetByTestId("node-heat").HoverAsync();
        await Assertions.Expect(page.Locator(".ant-tooltip")).ToContainTextAsync("2 executions in 2 runs");
        await Assertions.Expect(page.Locator(".ant-tooltip")).ToContainTextAsync("1 run waiting here now");
        await Chromium.ScreenshotAsync(page, "44-heatmap");

        // Average waiting: only the classification that ended counts; the table holds the same figures.
        await page.GetByTestId("heatmap-metric").GetByText("Average waiting").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("metric=waiting"));
        await Assertions.Expect(canvas.Locator("[data-testid=activity-node][data-activity-id='initialHandling']")).ToHaveAttributeAsync("data-heat", "0");
        await Assertions.Expect(classifyNode).Not.ToHaveAttributeAsync("data-heat", "0");
        var row = page.GetByTestId("heatmap-table").Locator("tbody tr").Filter(new() { HasText = "Classify" });
        await Assertions.Expect(row).ToContainTextAsync("2");

        // In Chinese: the legend, the metrics and the hover.
        await Chromium.ChooseAsync(page, page.GetByTestId("language-switch"), "简体中文");
        await Assertions.Expect(page.GetByTestId("heatmap-metric")).ToContainTextAsync("平均等待");
        await Assertions.Expect(page.GetByTestId("heatmap-legend")).ToContainTextAsync("无数据");
        await Chromium.ScreenshotAsync(page, "44-heatmap-zh");
    }

    public void Dispose() => _temp.Dispose();
}
