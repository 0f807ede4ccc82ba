using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>Case intake, search and the case page in real Chromium against the real host with the repository's workflows.</summary>
[Collection(HostCollection.Name)]
public sealed class CaseBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AnAgent_FilesAComplaintThroughTheIntakeForm_FindsItsFirstTaskOnTheCasePage_AddsANote_AndIsToldWhyATransferFails()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "agent");
        var page = session.Page;
        using var supervisorApi = await session.Host.ClientAsync("supervisor");
        var phone = CaseApi.UniquePhone();

        await page.GotoAsync("/cases");
        await Assertions.Expect(page.GetByTestId("cases")).ToContainTextAsync("No case yet.");
        await page.GetByTestId("new-case").ClickAsync();
        var intake = page.GetByTestId("intake");

        // Nothing filled: each required field says so, next to it; nothing is filed.
        await intake.GetByTestId("intake-submit").ClickAsync();
        await Assertions.Expect(intake).ToContainTextAsync("Enter the customer’s name.");
        await Assertions.Expect(intake).ToContainTextAsync("Enter a phone number or an email address.");
        await Assertions.Expect(intake).ToContainTextAsync("Describe the claim.");
        await Chromium.ScreenshotAsync(page, "35-intake-required");

        await intake.GetByTestId("intake-name").FillAsync("Qian Hui");
        await intake.GetByTestId("intake-phone").FillAsync(phone);
        await intake.GetByTestId("intake-description").FillAsync("The washing machine leaks from the door seal after a week.");
        await intake.GetByTestId("intake-submit").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cases/CF-"));
        var number = await page.GetByTestId("case-number").InnerTextAsync();
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("New");
        await Assertions.Expect(page.GetByTestId("task-customer")).ToContainTextAsync("Qian Hui");
        await Assertions.Expect(page.GetByTestId("case-timeline")).ToContainTextAsync("Complaint received by phone");

        // The first task arrives on the open page by itself (live updates), and opens from there.
        var caseId = (await CaseApi.GetJsonAsync(supervisorApi, $"/api/cases/{number}")).Text("id");
        await CaseApi.WaitForTaskAsync(supervisorApi, caseId, "classify");
        await page.GetByTestId("case-tabs").GetByRole(AriaRole.Tab).Filter(new() { HasText = "Tasks" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-tasks")).ToContainTextAsync($"Classify complaint {number}");
        await Chromium.ScreenshotAsync(page, "36-case-page");

        await page.GetByTestId("case-tabs").GetByRole(AriaRole.Tab).Filter(new() { HasText = "Notes" }).ClickAsync();
        await page.GetByTestId("case-note-form").Locator("textarea").FillAsync("Customer prefers a call after 6 pm.");
        await page.GetByTestId("case-note-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-notes")).ToContainTextAsync("Customer prefers a call after 6 pm.");
        Assert.Contains("Customer prefers a call after 6 pm.", (await CaseApi.GetJsonAsync(supervisorApi, $"/api/cases/{caseId}")).GetProperty("notes")[0].Text("text"));

        // Claimed (the agent becomes its owner, and the open page learns it by itself), the case may be transferred;
        // to someone who does not exist, the server's reason shows next to the field.
        using var agentApi = await session.Host.ClientAsync("agent");
        var classify = (await CaseApi.WaitForTaskAsync(supervisorApi, caseId, "classify")).Text("id");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await agentApi.PostAsync($"/api/tasks/{classify}/claim", null)).StatusCode);
        await page.GetByTestId("case-tabs").GetByRole(AriaRole.Tab).Filter(new() { HasText = "Transfers" }).ClickAsync();
        var transfer = page.GetByTestId("case-transfer-form");
        await transfer.GetByLabel("New owner (user name)").FillAsync("nobody-by-this-name");
        await transfer.GetByLabel("Reason").FillAsync("Out of office.");
        await page.GetByTestId("case-transfer-submit").ClickAsync();
        await Assertions.Expect(transfer.Locator(".ant-form-item-explain-error")).ToBeVisibleAsync();

        // Search finds it by the customer's phone number.
        await page.GotoAsync("/cases");
        await page.GetByTestId("cases-search").FillAsync(phone);
        await Assertions.Expect(page.GetByTestId("cases-table").Locator("tbody tr").Filter(new() { HasText = number })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("cases-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "37-cases");

        // The same customer calling again is recognised while the agent types the number.
        await page.GetByTestId("new-case").ClickAsync();
        await page.GetByTestId("intake-phone").FillAsync(phone);
        await Assertions.Expect(page.GetByTestId("intake-known")).ToContainTextAsync("Known customer: Qian Hui");
    }

    public void Dispose() => _temp.Dispose();
}
