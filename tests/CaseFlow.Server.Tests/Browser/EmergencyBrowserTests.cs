using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>The emergency board in real Chromium against the real host with the repository's workflows.</summary>
[Collection(HostCollection.Name)]
public sealed class EmergencyBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AReportedEmergency_AppearsOnTheBoard_ItsPageShowsTheDeadlinesAndTheNextStep_AndAReportFiledThereIsOnItsHistory()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "supervisor");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");

        await page.GotoAsync("/emergencies");
        await Assertions.Expect(page.GetByTestId("emergency-board")).ToContainTextAsync("No emergency is under way.");

        var raised = await agentApi.PostAsJsonAsync("/api/emergencies", new { eventType = "system-failure", description = "The telephony platform rejects every call.", departments = new[] { "customer-service", "tech-support" } });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var number = (await CaseApi.JsonAsync(raised)).Text("number");

        // On the open board by itself (live updates), not graded yet, at the warning stage.
        var card = page.GetByTestId("emergency-level-none").GetByTestId("emergency-card").Filter(new() { HasText = number });
        await Assertions.Expect(card).ToContainTextAsync("System failure", new() { Timeout = (float)CaseApi.Patience.TotalMilliseconds });
        await Assertions.Expect(card).ToContainTextAsync("Warning");
        await Chromium.ScreenshotAsync(page, "40-emergency-board");

        await card.GetByTestId("emergency-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/emergencies/"));
        await Assertions.Expect(page.GetByTestId("emergency-level")).ToContainTextAsync("Suggested level I");
        await Assertions.Expect(page.GetByTestId("emergency-deadlines")).ToContainTextAsync("Response started (15 min)");
        await Assertions.Expect(page.GetByTestId("emergency-step").First).ToBeVisibleAsync(new() { Timeout = (float)CaseApi.Patience.TotalMilliseconds });
        await Chromium.ScreenshotAsync(page, "41-emergency");

        // A report without its required parts is refused next to them; complete, it is on the history.
        await page.GetByTestId("emergency-report").ClickAsync();
        var drawer = page.GetByTestId("report-drawer");
        await drawer.GetByTestId("report-submit").ClickAsync();
        await Assertions.Expect(drawer).ToContainTextAsync("Give the cause analysis (what is known so far).");
        await drawer.GetByLabel("Scope of impact").FillAsync("All inbound calls");
        await drawer.GetByLabel("Cause analysis").FillAsync("The SIP trunk provider is down.");
        await drawer.GetByTestId("report-measures").FillAsync("Calls are routed to the backup provider.");
        await drawer.GetByLabel("Follow-up").FillAsync("Next update within the hour.");
        await drawer.GetByTestId("report-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("emergency-reports")).ToContainTextAsync("Calls are routed to the backup provider.");
        await Assertions.Expect(page.GetByTestId("emergency-reports")).ToContainTextAsync("Report 1");

        // The next step opens its task.
        await page.GetByTestId("emergency-step").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tasks/"));
        await Assertions.Expect(page.GetByTestId("task-work")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task AComplaintMarkedMajor_NamesItsEmergencyOnItsTaskAndCasePages_AndTheLinkOpensItOnTheBoard()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "supervisor");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        var complaint = await CaseApi.FileAsync(agentApi, description: "The promotion charged every buyer twice.");
        await Api.TaskApi.CompleteAsync(agentApi, complaint.Text("id"), "available", "classify", "Classified", new { category = "price" });
        await Api.TaskApi.CompleteAsync(agentApi, complaint.Text("id"), "mine", "initialHandling", "MajorIssue", new { initialResult = "Every buyer of the spring promotion is affected." });

        using var supervisorApi = await session.Host.ClientAsync("supervisor");
        await Wait.UntilAsync(async () => (await CaseApi.GetJsonAsync(supervisorApi, $"/api/cases/{complaint.Text("id")}")).GetProperty("links").GetArrayLength() > 0, CaseApi.Patience, "the major complaint raised its emergency");

        // The supervisor's instruction task says it too, beside the case.
        var instruction = await CaseApi.WaitForTaskAsync(supervisorApi, complaint.Text("id"), "supervisorInstruction");
        await page.GotoAsync($"/tasks/{instruction.Text("id")}");
        await Assertions.Expect(page.GetByTestId("case-links")).ToContainTextAsync("Part of emergency");

        await page.GotoAsync($"/cases/{complaint.Text("number")}");
        var links = page.GetByTestId("case-links");
        await Assertions.Expect(links).ToContainTextAsync("Part of emergency");
        await links.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/emergencies/CF-"));
        await Assertions.Expect(page.GetByTestId("emergency-links")).ToContainTextAsync(complaint.Text("number"));
    }

    public void Dispose() => _temp.Dispose();
}
