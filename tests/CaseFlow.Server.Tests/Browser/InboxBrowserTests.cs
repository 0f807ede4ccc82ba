using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>
/// The inbox and the task page in real Chromium against the real host with the repository's workflows: agents work
/// the tasks their cases hand out, supervisors narrow everyone's tasks down.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class InboxBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AnAgent_FindsTheComplaintTheyFiled_InTheirInbox_OpensItByKeyboard_SeesWhyItExists_AndCompletesIt_WithTheMissingFieldShownNextToIt()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "agent");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        using var supervisorApi = await session.Host.ClientAsync("supervisor");
        var filed = await CaseApi.FileAsync(agentApi, name: "Zhao Min", description: "The rice cooker's lid cracked on the first day.");
        var (caseId, number) = (filed.Text("id"), filed.Text("number"));
        await CaseApi.WaitForTaskAsync(supervisorApi, caseId, "classify");

        // The start page of an agent is the inbox: nothing is theirs yet, and the empty list says where work waits.
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/inbox$"));
        await Assertions.Expect(page.GetByTestId("inbox")).ToContainTextAsync("Nothing is assigned to you.");
        await Chromium.ScreenshotAsync(page, "30-inbox-empty");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show available tasks" }).ClickAsync();
        var row = page.GetByTestId("inbox-row").Filter(new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync($"Classify complaint {number}");
        await Assertions.Expect(row).ToContainTextAsync("Complaint · Phone");
        // No due time of its own: the case's first-response SLA is the deadline shown.
        await Assertions.Expect(row.GetByTestId("due")).ToContainTextAsync("Due in 23 h");
        await Chromium.ScreenshotAsync(page, "31-inbox-available");

        // The keys move a cursor over the rows, claim the one under it, and open it.
        await row.ClickAsync(new() { Position = new Position { X = 4, Y = 4 } });
        await Assertions.Expect(row).ToHaveClassAsync(new Regex("inbox__row--cursor"));
        await page.Keyboard.PressAsync("c");
        await Assertions.Expect(page.GetByText($"You claimed “Classify complaint {number}”.")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.GetByTestId("inbox-view").GetByText("My tasks").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync($"Classify complaint {number}");
        await row.ClickAsync(new() { Position = new Position { X = 4, Y = 4 } });
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tasks/"));

        await Assertions.Expect(page.GetByTestId("task-title")).ToHaveTextAsync($"Classify complaint {number}");
        await Assertions.Expect(page.GetByTestId("task-case-description")).ToContainTextAsync("rice cooker");
        await Assertions.Expect(page.GetByTestId("task-customer")).ToContainTextAsync("Zhao Min");
        await Assertions.Expect(page.GetByTestId("task-why")).ToContainTextAsync("Classify complaint");
        await Assertions.Expect(page.GetByTestId("task-slas")).ToContainTextAsync("First response");

        // The required category is asked for next to its field; nothing is sent.
        await page.GetByTestId("task-outcome-Classified").ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-form")).ToContainTextAsync("Category is required.");
        await Chromium.ScreenshotAsync(page, "32-task-required-field");
        Assert.Equal("Open", (await CaseApi.GetJsonAsync(supervisorApi, $"/api/tasks?view=all&caseId={caseId}")).GetProperty("items")[0].Text("status"));

        await Chromium.ChooseAsync(page, page.GetByTestId("task-form").Locator(".ant-select").First, "Price");
        await page.GetByTestId("task-form").GetByLabel("Why it is (or is not) the company's responsibility").FillAsync("The price was not the one advertised.");
        await page.GetByTestId("task-outcome-Classified").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/inbox"));

        // What was answered reaches the case (the workflow records it after the completion), and the case's next
        // step reaches the inbox in place of this one.
        await Wait.UntilAsync(async () => (await CaseApi.GetJsonAsync(supervisorApi, $"/api/cases/{caseId}")).GetProperty("category").GetString() == "price", CaseApi.Patience, "the category on the case");
        await CaseApi.WaitForTaskAsync(supervisorApi, caseId, "initialHandling");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("inbox-row").Filter(new() { HasText = number })).ToContainTextAsync($"Initial handling of {number}");
        await Assertions.Expect(page.GetByTestId("inbox-row").Filter(new() { HasText = $"Classify complaint {number}" })).ToHaveCountAsync(0);

        // Opened again, the completed classification says who answered what, instead of its form.
        var done = (await CaseApi.GetJsonAsync(supervisorApi, $"/api/tasks?view=all&caseId={caseId}&status=completed")).GetProperty("items")[0];
        await page.GotoAsync($"/tasks/{done.Text("id")}");
        await Assertions.Expect(page.GetByTestId("task-result")).ToContainTextAsync("Classified");
        await Assertions.Expect(page.GetByTestId("task-result")).ToContainTextAsync("agent");
        await Assertions.Expect(page.GetByTestId("task-form")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task ASupervisor_NarrowsEveryonesTasks_ByCaseTypeAndPriority_AsTheApiCountsThem_AndReadsTheInboxInChinese()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "supervisor");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        using var supervisorApi = await session.Host.ClientAsync("supervisor");
        var complaint = await CaseApi.FileAsync(agentApi);
        var inquiry = await CaseApi.FileAsync(agentApi, type: "inquiry", channel: "email", description: "Which warranty applies to a refurbished kettle?");
        await CaseApi.WaitForTaskAsync(supervisorApi, complaint.Text("id"), "classify");
        await Wait.UntilAsync(async () => (await CaseApi.GetJsonAsync(supervisorApi, $"/api/tasks?view=all&caseId={inquiry.Text("id")}")).GetProperty("total").GetInt32() > 0, CaseApi.Patience, "the inquiry's first task");

        await page.GotoAsync("/inbox?view=all");
        await Assertions.Expect(page.GetByTestId("inbox-row").Filter(new() { HasText = complaint.Text("number") })).ToBeVisibleAsync();
        await Chromium.ChooseAsync(page, page.GetByTestId("inbox-filter-type"), "Inquiry");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("type=Inquiry"));
        var inquiries = await CaseApi.GetJsonAsync(supervisorApi, "/api/tasks?view=all&type=inquiry");
        Assert.True(inquiries.GetProperty("total").GetInt32() > 0);
        await Assertions.Expect(page.GetByTestId("inbox-row")).ToHaveCountAsync(inquiries.GetProperty("items").GetArrayLength());
        await Assertions.Expect(page.GetByTestId("inbox-row").Filter(new() { HasText = inquiry.Text("number") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("inbox-row").Filter(new() { HasText = complaint.Text("number") })).ToHaveCountAsync(0);

        // Nothing matches: the empty state says so and offers the way back.
        await Chromium.ChooseAsync(page, page.GetByTestId("inbox-filter-priority"), "Low");
        var none = await CaseApi.GetJsonAsync(supervisorApi, "/api/tasks?view=all&type=inquiry&priority=low");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        await Assertions.Expect(page.GetByText("No task matches these filters.")).ToBeVisibleAsync();
        await page.GetByTestId("inbox").GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("inbox-row").Filter(new() { HasText = complaint.Text("number") })).ToBeVisibleAsync();

        await Chromium.ChooseAsync(page, page.GetByTestId("language-switch"), "简体中文");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "待办" })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "33-inbox-zh-CN");
        var chrome = await page.Locator("[data-testid=main-nav], .page__header h3, .ant-segmented-item-label, .ant-table-thead th, .ant-btn:not([data-testid=user-menu]), .ant-select-selection-placeholder, .ant-select-content, .inbox__keys, .ant-pagination-total-text")
            .EvaluateAllAsync<string[]>("els => els.map(e => (e.textContent ?? '').trim()).filter(t => t.length > 0)");
        Assert.NotEmpty(chrome);
        var english = chrome.Where(text => EnglishWord().IsMatch(text.Replace("Enter", "", StringComparison.Ordinal))).ToList();
        Assert.True(english.Count == 0, "English left on the Chinese inbox: " + string.Join(" | ", english));
    }

    [BrowserFact]
    public async Task ANewTask_AppearsInAnOpenInbox_AndClaimedInAnotherBrowser_LeavesIt_WithoutAReload()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "agent2");
        var watcher = session.Page;
        await using var otherBrowser = await Chromium.LaunchAsync(session.Host);
        var worker = await otherBrowser.PageAsync();
        await Chromium.SignInAsync(worker, "agent");
        using var agentApi = await session.Host.ClientAsync("agent");

        await watcher.GotoAsync("/inbox?view=available");
        await Assertions.Expect(watcher.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "live");
        // A mark on the page's window: a reload would wipe it.
        await watcher.EvaluateAsync("() => { window.caseflowNotReloaded = true; }");

        var number = (await CaseApi.FileAsync(agentApi, description: "The courier left the parcel in the rain.")).Text("number");
        var watched = watcher.GetByTestId("inbox-row").Filter(new() { HasText = number });
        await Assertions.Expect(watched).ToContainTextAsync($"Classify complaint {number}", new() { Timeout = (float)CaseApi.Patience.TotalMilliseconds });

        await worker.GotoAsync("/inbox?view=available");
        await worker.GetByTestId("inbox-row").Filter(new() { HasText = number }).GetByTestId("inbox-claim").ClickAsync();
        await Assertions.Expect(watched).ToHaveCountAsync(0);
        Assert.True(await watcher.EvaluateAsync<bool>("() => window.caseflowNotReloaded === true"));
        await Chromium.ScreenshotAsync(watcher, "34-inbox-after-a-claim-elsewhere");
    }

    [BrowserFact]
    public async Task ASupervisor_AnswersAnEscalatedComplaint_FromTheInbox_AndTheAgentGetsTheNextStep()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "supervisor");
        var page = session.Page;
        using var agentApi = await session.Host.ClientAsync("agent");
        using var supervisorApi = await session.Host.ClientAsync("supervisor");
        var filed = await CaseApi.FileAsync(agentApi, description: "Every buyer of the promotion was charged twice.");
        var (caseId, number) = (filed.Text("id"), filed.Text("number"));
        await Api.TaskApi.CompleteAsync(agentApi, caseId, "available", "classify", "Classified", new { category = "price" });
        await Api.TaskApi.CompleteAsync(agentApi, caseId, "mine", "initialHandling", "MajorIssue", new { initialResult = "Affects every buyer of the promotion." });
        await CaseApi.WaitForTaskAsync(supervisorApi, caseId, "supervisorInstruction");

        await page.GotoAsync("/inbox?view=available");
        var row = page.GetByTestId("inbox-row").Filter(new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync($"Escalated complaint {number}");
        await row.GetByTestId("inbox-task-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tasks/"));

        // Why it is here: the agent's answers before it.
        await Assertions.Expect(page.GetByTestId("task-decisions")).ToContainTextAsync("Major issue");
        await Assertions.Expect(page.GetByTestId("task-decisions")).ToContainTextAsync("Affects every buyer of the promotion.");
        await page.GetByTestId("task-outcome-Instructed").ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-form")).ToContainTextAsync("Instruction to the agent is required.");
        await page.GetByTestId("task-form").GetByLabel("Instruction to the agent").FillAsync("Refund the second charge to everyone today.");
        await page.GetByTestId("task-outcome-Instructed").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/inbox"));
        await Chromium.ScreenshotAsync(page, "34b-escalation-answered");

        // The answer is the supervisor's, and the case moves on to the agent.
        var done = (await CaseApi.GetJsonAsync(supervisorApi, $"/api/tasks?view=all&caseId={caseId}&status=completed&pageSize=50")).GetProperty("items").EnumerateArray()
            .Single(t => t.Text("activityId") == "supervisorInstruction");
        Assert.Equal("supervisor", done.Text("completedBy"));
        await CaseApi.WaitForTaskAsync(supervisorApi, caseId, "priceCheck");
    }

    [BrowserFact]
    public async Task AProcessOwner_IsNotOfferedTheInbox_AndOpeningItSaysWhy()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "owner");
        var page = session.Page;

        await page.GotoAsync("/definitions");
        await Assertions.Expect(page.GetByTestId("main-nav")).Not.ToContainTextAsync("Inbox");
        await page.GotoAsync("/inbox");
        await Assertions.Expect(page.GetByTestId("forbidden")).ToContainTextAsync("Your roles do not allow this.");
        using var ownerApi = await session.Host.ClientAsync("owner");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await ownerApi.GetAsync("/api/tasks")).StatusCode);
    }

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex EnglishWord();

    public void Dispose() => _temp.Dispose();
}
