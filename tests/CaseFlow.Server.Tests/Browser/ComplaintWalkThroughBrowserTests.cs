using System.Text.RegularExpressions;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>
/// A complaint worked from intake to archive in real Chromium, as the people who do it would: the agent files it and
/// works each of its tasks from the inbox, a supervisor reviews the result for the department in a browser of their
/// own, a day later the agent follows up, the customer answers the survey on its public page, and the case page shows
/// it archived, in English and in Chinese. The workflows' clock is moved by the test; Hangfire keeps real time.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ComplaintWalkThroughBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AnAgent_FilesAComplaint_AndWorksItInTheBrowser_ThroughASupervisorsReviewAFollowUpAndTheSurvey_ToArchive()
    {
        var clock = new AdjustableClock();
        var email = new SentMessages("email");
        await using var session = await BrowserSession.StartAsync(_temp, "agent", s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<INotificationChannel>(email);
        });
        var page = session.Page;
        using var overseer = await session.Host.ClientAsync("supervisor");

        // Intake.
        await page.GotoAsync("/cases");
        await page.GetByTestId("new-case").ClickAsync();
        var intake = page.GetByTestId("intake");
        await intake.GetByTestId("intake-name").FillAsync("Sun Li");
        await intake.GetByTestId("intake-phone").FillAsync(CaseApi.UniquePhone());
        await intake.GetByTestId("intake-email").FillAsync("sun.li@example.com");
        await intake.GetByTestId("intake-description").FillAsync("The promotion price was not applied to order 9120.");
        await intake.GetByTestId("intake-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cases/CF-"));
        var number = await page.GetByTestId("case-number").InnerTextAsync();
        var caseId = (await CaseApi.GetJsonAsync(overseer, $"/api/cases/{number}")).Text("id");

        // The agent's steps, each opened from the inbox.
        await WorkAsync(page, overseer, caseId, "classify", "Classified", async form => await Chromium.ChooseAsync(page, form.Locator(".ant-select").First, "Price"));
        await WorkAsync(page, overseer, caseId, "initialHandling", "Resolved", form => form.GetByLabel("What was done").FillAsync("Explained the promotion terms."));
        await WorkAsync(page, overseer, caseId, "priceCheck", "Done", form => form.GetByLabel("Price fairness check").FillAsync("The discount was missing at checkout."));
        await WorkAsync(page, overseer, caseId, "resolve", "Resolved", form => form.GetByLabel("Handling result").FillAsync("Refunded the difference."));
        await WorkAsync(page, overseer, caseId, "feedback", "FedBack", async form => await Chromium.ChooseAsync(page, form.Locator(".ant-select").First, "Phone"));

        // The department's review, by a supervisor in a browser of their own.
        await using (var supervisorBrowser = await Chromium.LaunchAsync(session.Host))
        {
            var supervisor = await supervisorBrowser.PageAsync();
            await Chromium.SignInAsync(supervisor, "supervisor");
            await WorkAsync(supervisor, overseer, caseId, "resultToDepartments", "Reviewed", form => form.GetByLabel("What the department takes from it").FillAsync("Promotion checks added to the release list."));
        }

        // A day later the follow-up is due; the agent's session of yesterday has ended, so they sign in again.
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await page.GotoAsync("/inbox");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in"));
        await Chromium.SignInAsync(page, "agent");
        await WorkAsync(page, overseer, caseId, "followUp", "Done", form => form.Locator("textarea").First.FillAsync("The refund arrived; the customer is content."));

        // The customer answers the survey from the link in their email, on its public page.
        string? link = null;
        await Wait.UntilAsync(() => (link = email.SurveyLink()) is not null, CaseApi.Patience, "the survey invitation was sent");
        await using (var customerBrowser = await Chromium.LaunchAsync(session.Host))
        {
            var customer = await customerBrowser.PageAsync();
            await customer.GotoAsync(link!);
            await customer.Locator("input[name=score][value='5']").CheckAsync();
            await customer.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Assertions.Expect(customer.Locator("body")).ToContainTextAsync("Your answer was recorded.");
        }

        // The case page shows it archived with its whole story.
        await page.GotoAsync($"/cases/{number}");
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Archived", new() { Timeout = (float)CaseApi.Patience.TotalMilliseconds });
        var timeline = page.GetByTestId("case-timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Survey answered: 5/5");
        await Assertions.Expect(timeline).ToContainTextAsync("Archived with its process history and result");
        await page.GetByTestId("case-tabs").GetByRole(AriaRole.Tab).Filter(new() { HasText = "Tasks" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-tasks")).Not.ToContainTextAsync("Open");
        await Chromium.ScreenshotAsync(page, "45-complaint-archived");

        await Chromium.ChooseAsync(page, page.GetByTestId("language-switch"), "简体中文");
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("已归档");
        await Assertions.Expect(page.GetByTestId("case-tasks")).ToContainTextAsync("已反馈"); // the outcome FedBack, in the reader's language
        await Assertions.Expect(page.GetByTestId("case-fields")).ToContainTextAsync("处理结果");
        await Chromium.ScreenshotAsync(page, "46-complaint-archived-zh");
        await page.GetByTestId("case-tabs").GetByRole(AriaRole.Tab).Filter(new() { HasText = "时间线" }).ClickAsync();
        await Assertions.Expect(timeline).ToContainTextAsync("投诉已受理（电话）");
        await Assertions.Expect(timeline).ToContainTextAsync("客户已回复问卷：5/5");
        await Assertions.Expect(timeline).ToContainTextAsync("状态：新建 → 处理中；类别：无 → 价格");
        await Assertions.Expect(timeline).ToContainTextAsync("已完成任务：Classify complaint " + number + "（已分类）");
        await Chromium.ScreenshotAsync(page, "46-complaint-timeline-zh");
    }

    /// <summary>Opens the case's open task of <paramref name="activityId"/> from the inbox, fills its form and picks the outcome.</summary>
    private static async Task WorkAsync(IPage page, HttpClient overseer, string caseId, string activityId, string outcome, Func<ILocator, Task> fill)
    {
        var task = await CaseApi.WaitForTaskAsync(overseer, caseId, activityId);
        var view = task.TryGetProperty("assignee", out var assignee) && assignee.ValueKind == System.Text.Json.JsonValueKind.String ? "mine" : "available";
        await page.GotoAsync($"/inbox?view={view}");
        var row = page.GetByTestId("inbox-row").Filter(new() { HasText = task.Text("title") });
        await row.GetByTestId("inbox-task-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tasks/"));
        var form = page.GetByTestId("task-form");
        await fill(form);
        await page.GetByTestId($"task-outcome-{outcome}").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/inbox"));
        await Wait.UntilAsync(async () => (await CaseApi.GetJsonAsync(overseer, $"/api/tasks/{task.Text("id")}")).Text("status") == "Completed", CaseApi.Patience, $"{activityId} was completed");
    }

    public void Dispose() => _temp.Dispose();
}
