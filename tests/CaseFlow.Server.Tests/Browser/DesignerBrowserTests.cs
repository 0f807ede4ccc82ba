using System.Text.Json.Nodes;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.Playwright;

namespace CaseFlow.Server.Tests.Browser;

/// <summary>The designer in real Chromium against the real host: a process owner builds, fixes, saves and publishes a workflow.</summary>
[Collection(HostCollection.Name)]
public sealed class DesignerBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [BrowserFact]
    public async Task AProcessOwner_BuildsAWorkflowFromThePalette_SeesAValidationErrorOnItsNode_FixesIt_SavesPublishes_AndFindsItIntactAfterAReload()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "owner");
        var page = session.Page;

        await page.GotoAsync("/definitions");
        await page.GetByTestId("new-workflow").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/definitions/new$"));
        await page.GetByTestId("workflow-name").FillAsync("Browser-built triage");

        // Click the palette's Decision: it lands right of the start, selected, its properties open.
        await page.GetByTestId("palette").GetByPlaceholder("Find an activity").FillAsync("Decision");
        await page.Locator("[data-testid=palette-item][data-type='Elsa.FlowDecision']").ClickAsync();
        var decision = page.Locator("[data-testid=activity-node][data-activity-type='Elsa.FlowDecision']");
        await Assertions.Expect(decision).ToHaveCountAsync(1);
        await Assertions.Expect(decision.GetByTestId("port-True")).ToHaveCountAsync(1);
        await Assertions.Expect(decision.GetByTestId("port-False")).ToHaveCountAsync(1);

        // Connect the start's Done port to the decision by dragging.
        var start = page.Locator("[data-testid=activity-node][data-activity-type='Elsa.Start']");
        await DragAsync(page, start.Locator(".react-flow__handle.source"), decision.Locator(".react-flow__handle.target"));
        await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);

        // A condition that is not JavaScript: the server's validator marks the node and the input.
        await decision.ClickAsync();
        var condition = page.GetByTestId("field-condition");
        await Chromium.ChooseAsync(page, condition.Locator(".ant-select").First, "JavaScript");
        await condition.Locator(".cm-content").ClickAsync();
        await page.Keyboard.TypeAsync("1 +");
        await Assertions.Expect(decision.GetByTestId("node-issue")).ToBeVisibleAsync();
        await Assertions.Expect(condition).ToContainTextAsync("JavaScript syntax error");
        await Assertions.Expect(page.GetByTestId("issue")).ToContainTextAsync("JavaScript syntax error");
        await Chromium.ScreenshotAsync(page, "07-designer-validation-error");

        // Publishing is refused while the error stands.
        await page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(page.GetByText("a workflow with errors cannot be published")).ToBeVisibleAsync();

        await condition.Locator(".cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("variables.amount > 1000");
        await Assertions.Expect(decision.GetByTestId("node-issue")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("issues")).ToContainTextAsync("No problems found.");

        await page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("Published");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("(?<!/new)$"));
        var definitionId = new Uri(page.Url).Segments[^1];
        await Chromium.ScreenshotAsync(page, "08-designer-published");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("activity-node")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("workflow-name")).ToHaveValueAsync("Browser-built triage");

        // What the server stored is Elsa JSON with the condition and the connection as built.
        using var api = await session.Host.ClientAsync("owner");
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions/{definitionId}?version=published");
        var activities = stored.GetProperty("root").GetProperty("activities").EnumerateArray().ToList();
        var storedDecision = activities.Single(a => a.GetProperty("type").GetString() == "Elsa.FlowDecision");
        Assert.Equal("variables.amount > 1000", storedDecision.GetProperty("condition").GetProperty("expression").GetProperty("value").GetString());
        Assert.Equal("JavaScript", storedDecision.GetProperty("condition").GetProperty("expression").GetProperty("type").GetString());
        var connection = Assert.Single(stored.GetProperty("root").GetProperty("connections").EnumerateArray());
        Assert.Equal(storedDecision.GetProperty("id").GetString(), connection.GetProperty("target").GetProperty("activity").GetString());
        Assert.True(storedDecision.GetProperty("metadata").GetProperty("designer").TryGetProperty("position", out _));

        // A second version with another condition, and the two compared on the canvas.
        var reloadedDecision = page.Locator("[data-testid=activity-node][data-activity-type='Elsa.FlowDecision']");
        await reloadedDecision.ClickAsync();
        await page.GetByTestId("field-condition").Locator(".cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("variables.amount > 5000");
        await Assertions.Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("v2");
        await page.GetByTestId("versions-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("version")).ToHaveCountAsync(2);
        await page.GetByTestId("compare").ClickAsync();
        var diff = page.GetByTestId("diff");
        await Assertions.Expect(diff.Locator("[data-testid=activity-node][data-change=changed]")).ToHaveCountAsync(1);
        await Assertions.Expect(diff.GetByTestId("diff-entry")).ToContainTextAsync("variables.amount > 1000");
        await Assertions.Expect(diff.GetByTestId("diff-entry")).ToContainTextAsync("variables.amount > 5000");
        await Chromium.ScreenshotAsync(page, "10-designer-diff");
    }

    [BrowserFact]
    public async Task TheImportedComplaintWorkflow_SavedAfterMovingOneActivity_IsTheFileAgain_ExceptThatActivitysPosition()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "owner");
        var page = session.Page;
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "complaint-handling.json")))!;

        await page.GotoAsync("/definitions/complaint-handling");
        await Assertions.Expect(page.GetByTestId("activity-node")).ToHaveCountAsync(file["root"]!["activities"]!.AsArray().Count);
        var moved = page.Locator("[data-testid=activity-node][data-activity-id='fork']");
        var box = (await moved.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2 + 120, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("v2");

        using var api = await session.Host.ClientAsync("owner");
        var saved = JsonNode.Parse(await api.GetStringAsync("/api/workflow-definitions/complaint-handling?version=2"))!;

        // Loadable as Elsa JSON, and the file again once the version bookkeeping and the one moved position are set aside.
        Assert.NotNull(CaseFlow.Workflows.Serialization.WorkflowDefinitionReader.Read(saved.ToJsonString()));
        JsonNode Position(JsonNode definition) => definition["root"]!["activities"]!.AsArray().Single(a => (string)a!["id"]! == "fork")!["metadata"]!["designer"]!["position"]!;
        Assert.True((double)Position(saved)["y"]! > (double)Position(file)["y"]!, Position(saved).ToJsonString());
        var expected = file.DeepClone();
        var actual = saved.DeepClone();
        foreach (var bookkeeping in new[] { "id", "version", "isLatest", "isPublished", "createdAt", "publishedAt" })
        {
            expected.AsObject().Remove(bookkeeping);
            actual.AsObject().Remove(bookkeeping);
        }

        var activity = actual["root"]!["activities"]!.AsArray().Single(a => (string)a!["id"]! == "fork")!;
        activity["metadata"]!["designer"]!["position"] = Position(file).DeepClone();
        Assert.Empty(Differences(expected, actual, "$").Take(20));
    }

    // Where two JSON documents differ, by path: readable where a whole-document comparison is not.
    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                        yield return $"{path}.{key}: {(e.ContainsKey(key) ? "missing" : "added")}";
                    else
                        foreach (var difference in Differences(e[key], a[key], $"{path}.{key}"))
                            yield return difference;
                }

                break;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                    yield return $"{path}: {e.Count} items, now {a.Count}";
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                    foreach (var difference in Differences(e[i], a[i], $"{path}[{i}]"))
                        yield return difference;
                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                    yield return $"{path}: {expected?.ToJsonString()} became {actual?.ToJsonString()}";
                break;
        }
    }

    [BrowserFact]
    public async Task AProcessOwner_TestRunsTheComplaintWorkflow_ToItsFirstTask_AndCompletesIt_WithNothingReachingAnyone()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "owner");
        var page = session.Page;
        using var api = await session.Host.ClientAsync("admin");
        var tasksBefore = (await api.GetFromJsonAsync<JsonElement>("/api/tasks?status=open")).GetProperty("total").GetInt32();

        await page.GotoAsync("/definitions/complaint-handling");
        await Assertions.Expect(page.GetByTestId("activity-node").First).ToBeVisibleAsync();
        await page.GetByTestId("test-run-button").ClickAsync();
        await page.GetByTestId("test-run-start").ClickAsync();

        // The run waits in the classification task; the path to it lights up step by step.
        var task = page.GetByTestId("test-run-wait-task");
        await Assertions.Expect(task).ToContainTextAsync("Classify complaint CF-TEST");
        await Assertions.Expect(page.GetByTestId("test-run-state")).ToHaveTextAsync("Waiting");
        await Assertions.Expect(page.Locator("[data-testid=activity-node][data-activity-id='classify']")).ToHaveAttributeAsync("data-change", "waiting");
        await Assertions.Expect(page.Locator("[data-testid=activity-node][data-activity-id='acknowledge']")).ToHaveAttributeAsync("data-change", "visited");
        await Assertions.Expect(page.Locator(".react-flow__edge.edge--visited")).Not.ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Would have done" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-run-effects")).ToContainTextAsync("A notification sent");
        await Chromium.ScreenshotAsync(page, "11-test-run-waiting");

        // The form's required field is asked for next to it; then the chosen outcome moves the run on.
        await task.GetByTestId("test-run-outcome-Classified").ClickAsync();
        await Assertions.Expect(task).ToContainTextAsync("Category is required.");
        await Chromium.ChooseAsync(page, task.GetByTestId("test-run-form").Locator(".ant-select").First, "Price");
        await task.GetByTestId("test-run-outcome-Classified").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-run-wait-task")).ToContainTextAsync("Initial handling of CF-TEST");
        await Assertions.Expect(page.Locator("[data-testid=activity-node][data-activity-id='classify']")).ToHaveAttributeAsync("data-change", "visited");
        await Assertions.Expect(page.Locator("[data-testid=activity-node][data-activity-id='recordCategory']")).ToHaveAttributeAsync("data-change", "visited");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Variables" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-run-variables")).ToContainTextAsync("price");
        await Chromium.ScreenshotAsync(page, "12-test-run-next-task");

        // Nothing reached an inbox, and the definition is as it was.
        Assert.Equal(tasksBefore, (await api.GetFromJsonAsync<JsonElement>("/api/tasks?status=open")).GetProperty("total").GetInt32());
        await Assertions.Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);
        await page.GetByTestId("test-run-stop").ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-run-start")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=activity-node][data-change]")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task ADuplicate_OpensAsANewDraft_AndUndoRedo_CopyPaste_AndDelete_WorkFromTheKeyboard()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "owner");
        var page = session.Page;

        await page.GotoAsync("/definitions");
        var inquiry = page.GetByTestId("definitions-table").Locator("tbody tr").Filter(new() { HasText = "inquiry-handling" });
        await inquiry.GetByRole(AriaRole.Button, new() { Name = "Duplicate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("workflow-name")).ToHaveValueAsync("Copy of Inquiry handling");
        Assert.DoesNotContain("inquiry-handling", page.Url, StringComparison.Ordinal);
        var inquiryJson = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "inquiry-handling.json")))!;
        await Assertions.Expect(page.GetByTestId("activity-node")).ToHaveCountAsync(inquiryJson["root"]!["activities"]!.AsArray().Count);
        await Assertions.Expect(page.GetByTestId("status")).ToContainTextAsync("Draft");

        await page.GotoAsync("/definitions/new");
        var nodes = page.GetByTestId("activity-node");
        await Assertions.Expect(nodes).ToHaveCountAsync(1);
        await page.Locator("[data-testid=palette-item][data-type='Elsa.WriteLine']").ClickAsync();
        await Assertions.Expect(nodes).ToHaveCountAsync(2);

        var canvas = page.GetByTestId("canvas");
        await page.Locator("[data-testid=activity-node][data-activity-type='Elsa.WriteLine']").ClickAsync();
        await page.Keyboard.PressAsync("Control+C");
        await page.Keyboard.PressAsync("Control+V");
        await Assertions.Expect(nodes).ToHaveCountAsync(3);
        await page.Keyboard.PressAsync("Control+Z");
        await Assertions.Expect(nodes).ToHaveCountAsync(2);
        await page.Keyboard.PressAsync("Control+Shift+Z");
        await Assertions.Expect(nodes).ToHaveCountAsync(3);
        var pasted = page.Locator(".react-flow__node").Filter(new() { Has = page.Locator("[data-activity-type='Elsa.WriteLine']") }).Last;
        await pasted.ClickAsync();
        await Assertions.Expect(pasted).ToHaveClassAsync(new Regex("\\bselected\\b"));
        await page.Keyboard.PressAsync("Delete");
        await Assertions.Expect(nodes).ToHaveCountAsync(2);

        await canvas.ClickAsync(new() { Position = new Position { X = 20, Y = 20 } });
        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.GetByTestId("shortcut-help")).ToContainTextAsync("Paste (also into another workflow)");
    }

    [BrowserFact]
    public async Task EveryShippedWorkflow_OpensInTheDesigner_WithEveryActivityAndConnectionDrawn_AndNoActivityCoveringAnother()
    {
        await using var session = await BrowserSession.StartAsync(_temp, "owner");
        var page = session.Page;
        var number = 20;
        var covered = new List<string>();

        foreach (var path in Directory.GetFiles(RepositoryPaths.Workflows, "*.json").Order(StringComparer.Ordinal))
        {
            var file = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
            var id = (string)file["definitionId"]!;
            await page.GotoAsync($"/definitions/{id}");
            var nodes = page.GetByTestId("activity-node");
            await Assertions.Expect(nodes).ToHaveCountAsync(file["root"]!["activities"]!.AsArray().Count);
            await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(file["root"]!["connections"]!.AsArray().Count);
            await Assertions.Expect(page.GetByTestId("issues")).ToContainTextAsync("No problems found.");

            // Positions are the file's own (the designer lays out only a definition without any): a process owner
            // opening a shipped workflow must be able to read every box, so no two may cover each other.
            var boxes = await page.EvaluateAsync<double[][]>("""
                () => [...document.querySelectorAll('.react-flow__node')].map(n => {
                  const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
                })
                """);
            var ids = await nodes.EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('data-activity-id'))");
            var overlaps = new List<string>();
            for (var i = 0; i < boxes.Length; i++)
                for (var j = i + 1; j < boxes.Length; j++)
                    if (boxes[i][0] < boxes[j][2] && boxes[j][0] < boxes[i][2] && boxes[i][1] < boxes[j][3] && boxes[j][1] < boxes[i][3])
                        overlaps.Add($"{ids.ElementAtOrDefault(i)} / {ids.ElementAtOrDefault(j)}");
            if (overlaps.Count > 0)
                covered.Add($"{id}: {string.Join(", ", overlaps)}");
            await Chromium.ScreenshotAsync(page, $"{number++}-workflow-{id}");
        }

        Assert.Empty(covered);
    }

    private static async Task DragAsync(IPage page, ILocator from, ILocator to)
    {
        // The canvas pans to a new activity and fits the view on load, each an animation that starts on a timer: a
        // drag measured before one starts ends beside the handle. So wait until the view has not moved for longer
        // than such an animation, and if the connection still did not take, drag again (the edge is asserted anyway).
        for (var attempt = 1; ; attempt++)
        {
            await page.WaitForFunctionAsync("""
                () => new Promise(resolve => {
                  const viewport = document.querySelector('.react-flow__viewport');
                  if (!viewport) return resolve(false);
                  let last = viewport.style.transform, since = performance.now();
                  const tick = now => {
                    if (viewport.style.transform !== last) { last = viewport.style.transform; since = now; }
                    if (now - since >= 400) resolve(true); else requestAnimationFrame(tick);
                  };
                  requestAnimationFrame(tick);
                })
                """);
            var edges = await page.Locator(".react-flow__edge").CountAsync();
            var a = (await from.BoundingBoxAsync())!;
            var b = (await to.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync((a.X + b.X) / 2, (a.Y + b.Y) / 2, new() { Steps = 5 });
            await page.Mouse.MoveAsync(b.X + b.Width / 2, b.Y + b.Height / 2, new() { Steps = 5 });
            await page.Mouse.UpAsync();
            try
            {
                await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(edges + 1, new() { Timeout = 2000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    public void Dispose() => _temp.Dispose();
}
