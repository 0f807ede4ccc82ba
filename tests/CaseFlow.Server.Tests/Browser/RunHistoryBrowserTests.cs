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
        await page.WaitForURLAsync(new Regex("/runs/"));
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

    public void Dispose() => _temp.Dispose();
}
