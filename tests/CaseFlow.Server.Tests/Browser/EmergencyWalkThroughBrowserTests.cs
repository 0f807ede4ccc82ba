using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>
/// An emergency walked through its stages on the board in real Chromium: an agent reports it there, the department
/// head reviews it and the general manager grades and leads it from the emergency's page (its next-step buttons), and
/// the board shows it move from warning to activation, handling, recovery and summary, then leave. Every step, the
/// recovery plan's too, is answered in the browser from the emergency's page.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class EmergencyWalkThroughBrowserTests : IDisposable
{
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = (float)CaseApi.Patience.TotalMilliseconds };
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AnEmergency_ReportedOnTheBoard_IsLedThroughEveryStage_AndTheBoardFollowsIt()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "agent");
        var agent = session.Page;

        // The agent reports it from the board; a missing description is asked for next to its field.
        await agent.GotoAsync("/emergencies");
        await agent.GetByTestId("emergency-raise").ClickAsync();
        var drawer = agent.GetByTestId("raise-drawer");
        await Chromium.ChooseAsync(agent, drawer.GetByTestId("raise-event-type"), "Network attack");
        await drawer.GetByTestId("raise-submit").ClickAsync();
        await Assertions.Expect(drawer).ToContainTextAsync("Describe what is happening.");
        await drawer.GetByTestId("raise-description").FillAsync("The telephony platform rejects every call.");
        await drawer.GetByTestId("raise-scope").FillAsync("All inbound calls");
        await drawer.GetByTestId("raise-submit").ClickAsync();
        await Assertions.Expect(agent).ToHaveURLAsync(new Regex("/emergencies/CF-"));
        var number = agent.Url[(agent.Url.LastIndexOf('/') + 1)..];
        await agent.GotoAsync("/emergencies");
        await Assertions.Expect(Card(agent, null, number)).ToContainTextAsync("Warning", Patiently);

        // The department head reviews it from its page.
        await using (var headBrowser = await Chromium.LaunchAsync(session.Host))
        {
            var head = await headBrowser.PageAsync();
            await Chromium.SignInAsync(head, "head");
            await StepAsync(head, number, "headReview", form => form.GetByLabel("What you know so far").FillAsync("Confirmed with the switchboard."), "Forward");
        }

        // The general manager grades it and leads it; the board follows.
        await using var gmBrowser = await Chromium.LaunchAsync(session.Host);
        var gm = await gmBrowser.PageAsync();
        await Chromium.SignInAsync(gm, "gm");
        await StepAsync(gm, number, "assess", async form =>
        {
            await Chromium.ChooseAsync(gm, form.Locator(".ant-select").First, "Level I");
            await form.GetByLabel("Communications lead").FillAsync("manager");
            await form.GetByLabel("Assessment").FillAsync("Every line is down.");
        }, "Activate");
        await Assertions.Expect(Card(agent, "I", number)).ToContainTextAsync("Activation", Patiently);
        await Chromium.ScreenshotAsync(agent, "47-emergency-activation");

        await StepAsync(gm, number, "initialAssessment", async form =>
        {
            await form.GetByLabel("Cause (as far as known)").FillAsync("A failed router update.");
            await form.GetByLabel("Scope of impact").FillAsync("All inbound calls.");
            await form.GetByLabel("Losses so far").FillAsync("None yet.");
        }, "Done");
        await StepAsync(gm, number, "handlingPlan", async form =>
        {
            await form.GetByLabel("Handling plan").FillAsync("Divert to the backup line; roll the router back.");
            await form.GetByLabel("Call in the backup team").ClickAsync();
        }, "Done");
        await Assertions.Expect(Card(agent, "I", number)).ToContainTextAsync("Handling", Patiently);

        foreach (var step in new[] { "recoverSystems", "backupData", "customerProgressI", "compensateCustomers", "staffDispatch", "techSupport", "businessAdjustment", "customerReassurance", "activateReserve" })
            await StepAsync(gm, number, step, WriteDoneAsync, "Done");
        await StepAsync(gm, number, "declareTermination", async form =>
        {
            await form.GetByLabel("The event is effectively controlled").ClickAsync();
            await form.GetByLabel("The customer service centre is back to normal operation").ClickAsync();
            await form.GetByLabel("There is no further impact").ClickAsync();
        }, "Terminate");
        await Assertions.Expect(Card(agent, "I", number)).ToContainTextAsync("Recovery", Patiently);

        // The recovery plan (a workflow of its own, started by the emergency's) hands its steps out on the same case.
        await StepAsync(gm, number, "lossAssessment", WriteDoneAsync, "Done");
        await StepAsync(gm, number, "recoveryPlan", async form =>
        {
            await WriteDoneAsync(form);
            await form.GetByLabel("Responsible owner").FillAsync("li-qiang");
            await form.Locator(".ant-picker input").FillAsync("2026-12-20 00:00:00");
            await form.Locator(".ant-picker input").PressAsync("Enter");
        }, "Done");
        foreach (var step in new[] { "staffTraining", "equipmentRepair", "systemOptimisation", "gradualRestoration", "customerCare", "riskWarning", "continuousImprovement" })
            await StepAsync(gm, number, step, WriteDoneAsync, "Done");
        await StepAsync(gm, number, "businessMonitoring", WriteDoneAsync, "IndicatorsNormal");
        await Assertions.Expect(Card(agent, "I", number)).ToContainTextAsync("Summary", Patiently);

        await StepAsync(gm, number, "summary", async form =>
        {
            await form.GetByLabel("Cause", new() { Exact = true }).FillAsync("A failed router update.");
            await form.GetByLabel("Handling process").FillAsync("Diverted, rolled back.");
            await form.GetByLabel("Aftermath measures").FillAsync("Customers called back.");
            await form.GetByLabel("Improvement measures").FillAsync("Stage router updates.");
        }, "Done");

        // Closed, it leaves the board; its page keeps the whole story.
        await Assertions.Expect(agent.GetByTestId("emergency-board")).ToContainTextAsync("No emergency is under way.", Patiently);
        await agent.GotoAsync($"/emergencies/{number}");
        await Assertions.Expect(agent.GetByTestId("emergency-stages")).ToContainTextAsync("Closed");
        await Chromium.ScreenshotAsync(agent, "48-emergency-closed");
    }

    /// <summary>Answers every written field of a routine step's form.</summary>
    private static async Task WriteDoneAsync(ILocator form)
    {
        await Assertions.Expect(form.Locator("textarea").First).ToBeVisibleAsync(); // the form is drawn once the task has loaded
        foreach (var field in await form.Locator("textarea").AllAsync())
            await field.FillAsync("Done as planned.");
    }

    private static ILocator Card(IPage board, string? level, string number) =>
        board.GetByTestId($"emergency-level-{level ?? "none"}").GetByTestId("emergency-card").Filter(new() { HasText = number });

    /// <summary>On the emergency's page, waits for the next-step button of <paramref name="activityId"/>'s task, opens it, fills it and answers.</summary>
    private static async Task StepAsync(IPage page, string number, string activityId, Func<ILocator, Task> fill, string outcome)
    {
        await page.GotoAsync($"/emergencies/{number}");
        // The step arrives by live update once the workflow has handed the task out.
        var step = page.GetByTestId("emergency-step").And(page.Locator($"[data-activity-id='{activityId}']"));
        await Assertions.Expect(step).ToBeVisibleAsync(new() { Timeout = (float)CaseApi.Patience.TotalMilliseconds });
        await step.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tasks/"));
        await fill(page.GetByTestId("task-form"));
        await page.GetByTestId($"task-outcome-{outcome}").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/emergencies/"));
    }

    public void Dispose() => _temp.Dispose();
}
