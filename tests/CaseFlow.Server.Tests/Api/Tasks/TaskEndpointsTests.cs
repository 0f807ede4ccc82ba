using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Server.Tests.Api.Tasks;

/// <summary>Task inboxes and the task lifecycle over real HTTP, on tasks the shipped complaint workflow hands out.</summary>
[Collection(HostCollection.Name)]
public sealed class TaskEndpointsTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private InProcessServer Server => host.Server;

    [Fact]
    public async Task TheInboxes_ShowAvailableTasksToTheRole_MineAfterAClaim_AndEveryonesOnlyToOverseers()
    {
        using var agent = await Server.ClientAsync("agent");
        using var agent2 = await Server.ClientAsync("agent2");
        using var supervisor = await Server.ClientAsync("supervisor");
        using var manager = await Server.ClientAsync("manager");
        var id = (await CaseApi.FileAsync(agent)).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, id, "classify")).Text("id");

        Assert.Equal([classify], CaseApi.Ids(await CaseApi.GetJsonAsync(agent, $"/api/tasks?view=available&caseId={id}")));
        Assert.Empty(CaseApi.Ids(await CaseApi.GetJsonAsync(agent, $"/api/tasks?view=mine&caseId={id}")));
        Assert.Empty(CaseApi.Ids(await CaseApi.GetJsonAsync(manager, $"/api/tasks?view=available&caseId={id}")));

        var claimed = await agent.PostAsync($"/api/tasks/{classify}/claim", null);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("agent", (await CaseApi.JsonAsync(claimed)).Text("assignee"));
        Assert.Equal([classify], CaseApi.Ids(await CaseApi.GetJsonAsync(agent, $"/api/tasks?caseId={id}")));
        Assert.Empty(CaseApi.Ids(await CaseApi.GetJsonAsync(agent, $"/api/tasks?view=available&caseId={id}")));
        Assert.Empty(CaseApi.Ids(await CaseApi.GetJsonAsync(agent2, $"/api/tasks?view=available&caseId={id}")));
        Assert.Equal(HttpStatusCode.Conflict, (await agent2.PostAsync($"/api/tasks/{classify}/claim", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/tasks?view=all")).StatusCode);
        Assert.Equal([classify], CaseApi.Ids(await CaseApi.GetJsonAsync(supervisor, $"/api/tasks?view=all&caseId={id}")));
        Assert.Equal([classify], CaseApi.Ids(await CaseApi.GetJsonAsync(manager, $"/api/tasks?view=ALL&caseId={id}")));
        Assert.Equal(["view"], await CaseApi.ErrorFieldsAsync(await agent.GetAsync("/api/tasks?view=everything")));
        Assert.Equal(["pageSize", "status"], (await CaseApi.ErrorFieldsAsync(await agent.GetAsync("/api/tasks?status=done&pageSize=500"))).Order(StringComparer.Ordinal));

        var released = await agent.PostAsync($"/api/tasks/{classify}/release", null);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await CaseApi.JsonAsync(released)).GetProperty("assignee").ValueKind);
        Assert.Equal([classify], CaseApi.Ids(await CaseApi.GetJsonAsync(agent2, $"/api/tasks?view=available&caseId={id}")));
    }

    [Fact]
    public async Task TheInbox_NarrowsByTheCasesFacts_ShowsATeamItsTasks_AndNamesEveryBadFilter()
    {
        using var agent = await Server.ClientAsync("agent");
        using var supervisor = await Server.ClientAsync("supervisor");
        var complaint = (await CaseApi.FileAsync(agent, channel: "email")).Text("id");
        var inquiry = (await CaseApi.FileAsync(agent, type: "inquiry", channel: "social", description: "Which warranty covers a refurbished kettle?")).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, complaint, "classify")).Text("id");
        await Wait.UntilAsync(async () => (await CaseApi.GetJsonAsync(supervisor, $"/api/tasks?view=all&caseId={inquiry}")).GetProperty("total").GetInt32() > 0, CaseApi.Patience, "the inquiry's first task");

        static List<string?> CaseIds(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("caseId").GetString())];
        var socialInquiries = await CaseApi.GetJsonAsync(supervisor, "/api/tasks?view=all&type=inquiry&channel=social&pageSize=200");
        Assert.Contains(inquiry, CaseIds(socialInquiries));
        Assert.DoesNotContain(complaint, CaseIds(socialInquiries));
        var first = socialInquiries.GetProperty("items").EnumerateArray().First(t => t.GetProperty("caseId").GetString() == inquiry);
        Assert.Equal(("Inquiry", "Social", false), (first.Text("caseType"), first.Text("channel"), first.GetProperty("emergencyLinked").GetBoolean()));
        // The inquiry's task has no due time of its own; its case's running SLA clock has one.
        Assert.Equal(JsonValueKind.String, first.GetProperty("caseDueAt").ValueKind);
        var emailComplaints = CaseIds(await CaseApi.GetJsonAsync(supervisor, "/api/tasks?view=all&type=complaint&channel=email&drill=false&emergency=false&sort=newest&pageSize=200"));
        Assert.Contains(complaint, emailComplaints);
        Assert.DoesNotContain(inquiry, emailComplaints);
        Assert.False((await CaseApi.GetJsonAsync(supervisor, "/api/tasks?view=all")).TryGetProperty("totalIsCapped", out _));

        // The agent's claimed task is in their supervisor's team view; an agent has no team view.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/tasks/{classify}/claim", null)).StatusCode);
        Assert.Contains(classify, CaseApi.Ids(await CaseApi.GetJsonAsync(supervisor, "/api/tasks?view=team&pageSize=200")));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/tasks?view=team")).StatusCode);

        Assert.Equal(
            ["channel", "drill", "emergency", "priority", "sort", "type"],
            (await CaseApi.ErrorFieldsAsync(await agent.GetAsync("/api/tasks?type=letter&priority=soon&channel=pigeon&emergency=maybe&drill=often&sort=random"))).Order(StringComparer.Ordinal));
        var categories = await CaseApi.GetJsonAsync(agent, "/api/cases/categories");
        Assert.Contains("price", categories.GetProperty("complaint").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("complex", categories.GetProperty("inquiry").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task TheInbox_IsOrderedByDueTime_ThenByCreation_OnePageAtATime()
    {
        using var agent = await Server.ClientAsync("agent");
        var seed = new Seed(Server.Get<IDbContextFactory<CaseFlowDbContext>>());
        var owner = await seed.CaseAsync(await seed.CustomerAsync(), DateTimeOffset.UtcNow);
        var now = DateTimeOffset.UtcNow;
        var undatedLater = await seed.TaskAsync(owner, now.AddMinutes(-1), assignee: "agent");
        var dueLater = await seed.TaskAsync(owner, now.AddMinutes(-5), dueAt: now.AddHours(2), assignee: "agent");
        var undatedEarlier = await seed.TaskAsync(owner, now.AddMinutes(-10), assignee: "agent");
        var dueSooner = await seed.TaskAsync(owner, now.AddMinutes(-2), dueAt: now.AddHours(1), assignee: "agent");
        await seed.TaskAsync(owner, now.AddMinutes(-20), assignee: "agent", status: CaseTaskStatus.Completed);

        var all = await CaseApi.GetJsonAsync(agent, $"/api/tasks?view=mine&caseId={owner.Number}");
        var second = await CaseApi.GetJsonAsync(agent, $"/api/tasks?view=mine&caseId={owner.Id}&page=2&pageSize=2");
        var completed = await CaseApi.GetJsonAsync(agent, $"/api/tasks?view=mine&caseId={owner.Id}&status=completed");

        Assert.Equal([dueSooner.Id, dueLater.Id, undatedEarlier.Id, undatedLater.Id], CaseApi.Ids(all));
        Assert.Equal(4, second.GetProperty("total").GetInt32());
        Assert.Equal([undatedEarlier.Id, undatedLater.Id], CaseApi.Ids(second));
        Assert.Single(CaseApi.Ids(completed));
    }

    [Fact]
    public async Task ATask_ShowsItsFormAndOutcomes_OnlyToThoseWhoMaySeeIt()
    {
        using var agent = await Server.ClientAsync("agent");
        using var agent2 = await Server.ClientAsync("agent2");
        using var supervisor = await Server.ClientAsync("supervisor");
        using var manager = await Server.ClientAsync("manager");
        var filed = await CaseApi.FileAsync(agent);
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, filed.Text("id"), "classify")).Text("id");

        var task = await CaseApi.GetJsonAsync(agent2, $"/api/tasks/{classify}");
        Assert.Equal(filed.Text("number"), task.Text("caseNumber"));
        Assert.Equal("Agent", task.Text("candidateRole"));
        Assert.Equal(["Classified", "OutOfScope"], task.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        var category = task.GetProperty("form").EnumerateArray().First();
        Assert.Equal("category", category.Text("name"));
        Assert.Equal("select", category.Text("type"));
        Assert.True(category.GetProperty("required").GetBoolean());
        Assert.Contains("price", category.GetProperty("options").EnumerateArray().Select(o => o.GetString()));

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/tasks/{classify}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent2.GetAsync($"/api/tasks/{classify}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/tasks/{classify}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/tasks/{classify}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/tasks/{classify}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/tasks/no-such-task")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync("/api/tasks/no-such-task/claim", null)).StatusCode);
    }

    [Fact]
    public async Task Completing_WithAWrongOutcomeOrWithoutARequiredField_IsRefusedNamingIt()
    {
        using var agent = await Server.ClientAsync("agent");
        using var supervisor = await Server.ClientAsync("supervisor");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, (await CaseApi.FileAsync(agent)).Text("id"), "classify")).Text("id");
        var path = $"/api/tasks/{classify}/complete";

        var wrongOutcome = await agent.PostAsJsonAsync(path, new { outcome = "Maybe", data = new { category = "price" } });
        var missingField = await agent.PostAsJsonAsync(path, new { outcome = "Classified", data = new { responsibility = "Ours" } });
        var wrongOption = await agent.PostAsJsonAsync(path, new { outcome = "Classified", data = new { category = "weather" } });
        var noOutcome = await agent.PostAsJsonAsync(path, new { });
        var dataNotAnObject = await agent.PostAsync(path, new StringContent("""{"outcome": "Classified", "data": "price"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(["outcome"], await CaseApi.ErrorFieldsAsync(wrongOutcome));
        Assert.Equal(["data.category"], await CaseApi.ErrorFieldsAsync(missingField));
        Assert.Equal(["data.category"], await CaseApi.ErrorFieldsAsync(wrongOption));
        Assert.Equal(["data.category", "outcome"], (await CaseApi.ErrorFieldsAsync(noOutcome)).Order(StringComparer.Ordinal));
        Assert.Equal(["data"], await CaseApi.ErrorFieldsAsync(dataNotAnObject));
        Assert.Equal("Open", (await CaseApi.GetJsonAsync(agent, $"/api/tasks/{classify}")).Text("status"));
    }

    [Fact]
    public async Task Completing_Twice_Answers200ThenConflict_AndTheWorkflowMovesOn()
    {
        using var agent = await Server.ClientAsync("agent");
        using var supervisor = await Server.ClientAsync("supervisor");
        var id = (await CaseApi.FileAsync(agent)).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, id, "classify")).Text("id");
        var body = new { outcome = "classified", data = new { category = "price", responsibility = "Ours: the promotion was misleading" } };

        var first = await agent.PostAsJsonAsync($"/api/tasks/{classify}/complete", body);
        var second = await agent.PostAsJsonAsync($"/api/tasks/{classify}/complete", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var completed = await CaseApi.JsonAsync(first);
        Assert.Equal("Completed", completed.Text("status"));
        Assert.Equal("Classified", completed.Text("outcome"));
        Assert.Equal("agent", completed.Text("completedBy"));
        Assert.Equal("price", completed.GetProperty("data").Text("category"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);

        var next = await CaseApi.WaitForTaskAsync(supervisor, id, "initialHandling");
        Assert.Equal("agent", next.Text("assignee"));
        var details = await CaseApi.GetJsonAsync(agent, $"/api/cases/{id}");
        Assert.Equal("agent", details.Text("owner"));
        Assert.Equal("price", details.Text("category"));
    }

    [Fact]
    public async Task TwoAgentsCompletingOneTaskAtOnce_GetExactlyOne200AndOne409()
    {
        using var agent = await Server.ClientAsync("agent");
        using var agent2 = await Server.ClientAsync("agent2");
        using var supervisor = await Server.ClientAsync("supervisor");
        for (var round = 0; round < 3; round++)
        {
            var classify = (await CaseApi.WaitForTaskAsync(supervisor, (await CaseApi.FileAsync(agent)).Text("id"), "classify")).Text("id");
            var path = $"/api/tasks/{classify}/complete";

            var responses = await Task.WhenAll(
                agent.PostAsJsonAsync(path, new { outcome = "Classified", data = new { category = "other" } }),
                agent2.PostAsJsonAsync(path, new { outcome = "Classified", data = new { category = "price" } }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? "agent" : "agent2";
            Assert.Equal(winner, (await CaseApi.GetJsonAsync(supervisor, $"/api/tasks/{classify}")).Text("completedBy"));
        }
    }

    [Fact]
    public async Task Reassigning_IsRefusedToAgents_AndDoneBySupervisorsAndManagers()
    {
        using var agent = await Server.ClientAsync("agent");
        using var agent2 = await Server.ClientAsync("agent2");
        using var supervisor = await Server.ClientAsync("supervisor");
        using var manager = await Server.ClientAsync("manager");
        var id = (await CaseApi.FileAsync(agent)).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, id, "classify")).Text("id");
        var path = $"/api/tasks/{classify}/reassign";

        var byAgent = await agent.PostAsJsonAsync(path, new { assignee = "agent" });
        var noAssignee = await supervisor.PostAsJsonAsync(path, new { reason = "Load balancing" });
        var bySupervisor = await supervisor.PostAsJsonAsync(path, new { assignee = "agent2", reason = "Load balancing" });

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(["assignee"], await CaseApi.ErrorFieldsAsync(noAssignee));
        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
        Assert.Equal("agent2", (await CaseApi.JsonAsync(bySupervisor)).Text("assignee"));
        Assert.Equal([classify], CaseApi.Ids(await CaseApi.GetJsonAsync(agent2, $"/api/tasks?view=mine&caseId={id}")));
        var byManager = await manager.PostAsJsonAsync(path, new { assignee = "agent" });
        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
        Assert.Contains(
            (await CaseApi.GetJsonAsync(agent, $"/api/cases/{id}")).GetProperty("timeline").EnumerateArray(),
            t => t.Text("title").StartsWith("Task reassigned", StringComparison.Ordinal) && t.Text("detail").Contains("Load balancing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reassigning_ToAnUnknownUserOrToSomeoneWithoutTheTasksRole_Answers400NamingAssignee()
    {
        using var agent = await Server.ClientAsync("agent");
        using var supervisor = await Server.ClientAsync("supervisor");
        var id = (await CaseApi.FileAsync(agent)).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, id, "classify")).Text("id");
        var path = $"/api/tasks/{classify}/reassign";

        var ghost = await supervisor.PostAsJsonAsync(path, new { assignee = "ghost" });
        var processOwner = await supervisor.PostAsJsonAsync(path, new { assignee = "owner" });

        Assert.Equal(["assignee"], await CaseApi.ErrorFieldsAsync(ghost));
        Assert.Equal(["assignee"], await CaseApi.ErrorFieldsAsync(processOwner));
        Assert.True((await CaseApi.GetJsonAsync(supervisor, $"/api/tasks/{classify}")).GetProperty("assignee").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Completing_ASupervisorTaskThatLandedWithAnAgent_IsForbiddenToTheAgent()
    {
        using var agent = await Server.ClientAsync("agent");
        using var supervisor = await Server.ClientAsync("supervisor");
        var id = (await CaseApi.FileAsync(agent)).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, id, "classify")).Text("id");
        await using (var db = await Server.Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContextAsync())
        {
            // However it got there, holding the task is not holding its role.
            await db.CaseTasks.Where(t => t.Id == classify).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.CandidateRole, "Supervisor")
                .SetProperty(t => t.Assignee, "agent"));
        }

        var completed = await agent.PostAsJsonAsync($"/api/tasks/{classify}/complete", new { outcome = "Classified", data = new { category = "price" } });

        Assert.Equal(HttpStatusCode.Forbidden, completed.StatusCode);
        Assert.Equal("application/problem+json", completed.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Open", (await CaseApi.GetJsonAsync(supervisor, $"/api/tasks/{classify}")).Text("status"));
    }
}
