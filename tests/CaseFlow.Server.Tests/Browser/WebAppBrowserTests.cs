using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>
/// The web app in real Chromium against the real host (Kestrel on a loopback port, SQLite file, Hangfire), as the
/// people who use it would: sign in, find a workflow, open it, switch language, sign out.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class WebAppBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AProcessOwner_OpeningALink_SignsInFirst_ThenSeesEveryActivityAndConnectionOfTheComplaintWorkflow()
    {
        await using var session = await BrowserSession.StartAsync(_temp, null);
        var page = session.Page;

        await page.GotoAsync("/definitions/complaint-handling");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?from=%2Fdefinitions%2Fcomplaint-handling$"));
        await Assertions.Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "01-sign-in");

        // Nothing typed: each field says what it needs, next to it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Enter your user name.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Enter your password.")).ToBeVisibleAsync();

        // A wrong password: the server's reason, shown as a message (the account and the page stay as they were).
        await page.GetByLabel("User name").FillAsync("owner");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("Invalid username or password.");
        await Chromium.ScreenshotAsync(page, "02-sign-in-failed");

        await page.GetByLabel("Password").FillAsync(InProcessServer.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/definitions/complaint-handling$"));

        var workflow = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "complaint-handling.json")))!;
        var activities = workflow["root"]!["activities"]!.AsArray().Select(a => (string)a!["id"]!).ToList();
        var connections = workflow["root"]!["connections"]!.AsArray().Count;
        await Assertions.Expect(page.GetByTestId("activity-node")).ToHaveCountAsync(activities.Count);
        // React Flow renders only what is in view; edges are counted from its store via the DOM of all edges once fitted.
        var shown = await page.GetByTestId("activity-node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.activityId)");
        Assert.Equal(activities.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(connections);
        await Chromium.ScreenshotAsync(page, "03-designer-complaint-handling");

        await page.GetByRole(AriaRole.Link, new() { Name = "Workflow definitions" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("definitions-table")).ToContainTextAsync("Complaint handling");
        await Assertions.Expect(page.GetByTestId("definitions-table")).ToContainTextAsync("inquiry-handling");
        await page.GetByTestId("definitions-search").FillAsync("inquiry");
        await Assertions.Expect(page.GetByTestId("definitions-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByTestId("definitions-search").FillAsync("");
        await Chromium.ScreenshotAsync(page, "04-definitions");
    }

    [BrowserFact]
    public async Task SwitchedToChinese_TheAppShowsNoEnglishOfItsOwn_AndRemembersTheChoice()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "owner");
        var page = session.Page;

        await page.GotoAsync("/definitions");
        await Assertions.Expect(page.GetByTestId("definitions-table")).ToContainTextAsync("Complaint handling");
        await Chromium.ChooseAsync(page, page.GetByTestId("language-switch"), "简体中文");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "流程定义" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "流程定义" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("definitions-table").Locator("tbody tr").First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "05-definitions-zh-CN");

        // Every text of the app's own chrome (not the workflows' names and ids, which are data) is Chinese.
        var chrome = await page.Locator("[data-testid=main-nav], .page__header h3, .ant-table-thead th, .ant-btn:not([data-testid=user-menu]), .ant-pagination-options, input[placeholder]")
            .EvaluateAllAsync<string[]>("els => els.map(e => (e.getAttribute('placeholder') ?? e.textContent ?? '').trim()).filter(t => t.length > 0)");
        Assert.NotEmpty(chrome);
        var english = chrome.Where(text => EnglishWord().IsMatch(text.Replace("Elsa JSON", "", StringComparison.Ordinal))).ToList();
        Assert.True(english.Count == 0, "English left on the Chinese page: " + string.Join(" | ", english));

        // The designer too: the palette's activities and categories, the panels' labels.
        await page.GotoAsync("/definitions/complaint-handling");
        await Assertions.Expect(page.GetByTestId("palette")).ToContainTextAsync("条件判断");
        await Assertions.Expect(page.GetByTestId("workflow-panel")).ToContainTextAsync("变量");
        var designerChrome = await page.Locator("[data-testid=palette] .palette__item, [data-testid=palette] .ant-collapse-header, [data-testid=workflow-panel] .ant-collapse-header, [data-testid=issues], .designer__toolbar .ant-btn")
            .EvaluateAllAsync<string[]>("els => els.map(e => (e.textContent ?? '').trim()).filter(t => t.length > 0)");
        var designerEnglish = designerChrome.Where(text => EnglishWord().IsMatch(text.Replace("JavaScript", "", StringComparison.Ordinal).Replace("SLA", "", StringComparison.Ordinal).Replace("Cron", "", StringComparison.Ordinal))).ToList();
        Assert.True(designerEnglish.Count == 0, "English left in the Chinese designer: " + string.Join(" | ", designerEnglish));

        // The validator's findings too: a decision without its condition (names in quotes are the workflow's own data).
        await page.Locator("[data-testid=palette-item][data-type='Elsa.FlowDecision']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("issue").Filter(new() { HasText = "缺少必填输入" })).ToHaveCountAsync(1);
        var findings = await page.GetByTestId("issue").AllTextContentsAsync();
        var findingsEnglish = findings.Where(text => EnglishWord().IsMatch(QuotedData().Replace(text, ""))).ToList();
        Assert.True(findingsEnglish.Count == 0, "English left in the Chinese findings: " + string.Join(" | ", findingsEnglish));
        await Chromium.ScreenshotAsync(page, "09-designer-zh-CN");

        // The test-run panel: its own texts Chinese (the input's JSON example is data).
        await page.GetByTestId("test-run-button").ClickAsync();
        var panel = page.GetByTestId("test-run");
        await Assertions.Expect(panel).ToContainTextAsync("开始试运行");
        var panelTexts = await panel.Locator(".ant-drawer-title, .ant-typography, .ant-form-item-label, .ant-btn, .ant-alert-title")
            .EvaluateAllAsync<string[]>("els => els.map(e => (e.textContent ?? '').trim()).filter(t => t.length > 0)");
        var panelEnglish = panelTexts.Where(text => EnglishWord().IsMatch(text.Replace("JSON", "", StringComparison.Ordinal))).ToList();
        Assert.True(panelEnglish.Count == 0, "English left in the Chinese test-run panel: " + string.Join(" | ", panelEnglish));
    }

    [BrowserFact]
    public async Task AnAgent_StartsInTheInbox_IsNotOfferedTheDesigner_AndSigningOut_EndsTheSession()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "agent");
        var page = session.Page;

        // Signed in, an agent starts in the inbox, the only page their role opens.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/inbox$"));
        await Assertions.Expect(page.GetByTestId("main-nav")).ToContainTextAsync("Inbox");
        await Assertions.Expect(page.GetByTestId("main-nav")).Not.ToContainTextAsync("Workflow designer");
        await page.GotoAsync("/definitions");
        await Assertions.Expect(page.GetByText("Your roles do not allow this.")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "06-agent-forbidden");

        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByText("Sign out").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in"));
        await page.GotoAsync("/definitions");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?from=%2Fdefinitions$"));
    }

    [BrowserFact]
    public async Task EachRole_IsOfferedExactlyItsPages_AndAPageOutsideItsRoleSaysSo_WhileTheServerRefusesItsData()
    {
        // Role → the navigation it gets, a page it may not open and that page's data call.
        var expectations = new (string User, string[] Nav, string Forbidden, string Api)[]
        {
            ("agent", ["Inbox", "Cases", "Emergency board"], "/runs", "/api/workflow-instances"),
            ("supervisor", ["Inbox", "Cases", "Emergency board", "Dashboard", "Run history"], "/definitions", "/api/workflow-definitions/complaint-handling/test-runs"),
            ("manager", ["Inbox", "Cases", "Emergency board", "Dashboard", "Run history"], "/definitions", "/api/workflow-definitions/complaint-handling/test-runs"),
            ("owner", ["Workflow designer", "Run history"], "/inbox", "/api/tasks"),
        };
        await using var session = await BrowserSession.StartAsync(_temp, null);
        foreach (var (user, nav, forbidden, apiPath) in expectations)
        {
            await using var browser = await Chromium.LaunchAsync(session.Host);
            var page = await browser.PageAsync();
            await Chromium.SignInAsync(page, user);
            var items = page.GetByTestId("main-nav").Locator(".ant-menu-item");
            await Assertions.Expect(items).ToHaveTextAsync(nav);
            await page.GotoAsync(forbidden);
            await Assertions.Expect(page.GetByTestId("forbidden")).ToContainTextAsync("Your roles do not allow this.");
            using var api = await session.Host.ClientAsync(user);
            using var request = new HttpRequestMessage(apiPath.EndsWith("test-runs", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, apiPath);
            if (request.Method == HttpMethod.Post)
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await api.SendAsync(request)).StatusCode);
        }
    }

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex EnglishWord();

    [GeneratedRegex("“[^”]*”")]
    private static partial Regex QuotedData();

    public void Dispose() => _temp.Dispose();
}
