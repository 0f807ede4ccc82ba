using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Jobs;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static CaseFlow.Server.Tests.Api.Definitions.ApiDefinitions;

namespace CaseFlow.Server.Tests.Api.TestRuns;

/// <summary>The designer's test runs over real HTTP, on the real host with the shipped workflows imported.</summary>
[Collection(HostCollection.Name)]
public sealed class TestRunEndpointsTests : IAsyncLifetime, IDisposable
{
    private const string Start = "/api/workflow-definitions/complaint-handling/test-runs";
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_temp.Sub("data"), RepositoryPaths.Workflows);
        _owner = await _server.ClientAsync("owner");
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ATestRun_IsStarted_Read_Completed_Fired_AndDeleted_OverHttp()
    {
        var created = await _owner.PostAsync(Start, Body("{}"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = await created.JsonAsync();
        var id = run.GetProperty("id").GetString()!;
        Assert.Equal($"/api/test-runs/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("Running", "Suspended", 1), (run.GetProperty("status").GetString(), run.GetProperty("subStatus").GetString(), run.GetProperty("definitionVersion").GetInt32()));
        var classify = Wait(run, "classify");
        Assert.Equal(("task", "Classified"), (classify.GetProperty("kind").GetString(), classify.GetProperty("outcomes")[0].GetString()));
        Assert.Equal("category", classify.GetProperty("form")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, Wait(run, "slaResolution").GetProperty("outcomes").ValueKind);
        Assert.Contains(run.GetProperty("effects").EnumerateArray(), e => e.GetProperty("kind").GetString() == "CaseFlow.Notify" && e.GetProperty("activityId").GetString() == "acknowledge");
        Assert.Equal(id, (await (await _owner.GetAsync(created.Headers.Location)).JsonAsync()).GetProperty("id").GetString());

        var completed = await _owner.PostAsJsonAsync($"/api/test-runs/{id}/tasks/{classify.GetProperty("taskId").GetString()}/complete", new { outcome = "Classified", data = new { category = "price" } });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        run = await completed.JsonAsync();
        Assert.Equal("price", run.GetProperty("variables").GetProperty("category").GetString());
        Assert.Equal("task", Wait(run, "initialHandling").GetProperty("kind").GetString());
        Assert.Contains(run.GetProperty("steps").EnumerateArray(), s => s.GetProperty("activityId").GetString() == "classify"
            && s.GetProperty("event").GetString() == "Completed" && s.GetProperty("outcomes")[0].GetString() == "Classified");

        var fired = await _owner.PostAsync($"/api/test-runs/{id}/timers/{Wait(run, "slaResolution").GetProperty("bookmarkId").GetString()}/fire", null);
        Assert.Equal(HttpStatusCode.OK, fired.StatusCode);
        run = await fired.JsonAsync();
        Assert.Equal(("fire", "Breached"), (run.GetProperty("lastAction").GetProperty("kind").GetString(),
            run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("activityId").GetString() == "slaResolution" && s.GetProperty("event").GetString() == "Completed").GetProperty("outcomes")[0].GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await _owner.DeleteAsync($"/api/test-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"/api/test-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.DeleteAsync($"/api/test-runs/{id}")).StatusCode);
    }

    [Fact]
    public async Task AnUnsavedDefinition_Runs_AndPublishingItsEventFinishesIt_WhileAnEventWithoutANameIsA400NamingIt()
    {
        var draft = Flow("approval", "Approval", WriteLine("before", "before"), Event("wait", "Approved"), WriteLine("after", "after"));
        var created = await _owner.PostAsync("/api/workflow-definitions/approval/test-runs", Body(new JsonObject { ["definition"] = draft, ["correlationId"] = "order-42" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = await created.JsonAsync();
        var id = run.GetProperty("id").GetString();
        Assert.Equal((JsonValueKind.Null, "order-42"), (run.GetProperty("definitionVersion").ValueKind, run.GetProperty("correlationId").GetString()));
        Assert.Equal("Approved", Wait(run, "wait").GetProperty("eventName").GetString());

        var nameless = await _owner.PostAsJsonAsync($"/api/test-runs/{id}/events", new { payload = 1 });
        var published = await _owner.PostAsJsonAsync($"/api/test-runs/{id}/events", new { eventName = "Approved", payload = new { by = "li" } });

        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.True((await nameless.JsonAsync()).GetProperty("errors").TryGetProperty("eventName", out _));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        run = await published.JsonAsync();
        Assert.Equal(("Finished", "Finished", 1), (run.GetProperty("status").GetString(), run.GetProperty("subStatus").GetString(), run.GetProperty("lastAction").GetProperty("resumed").GetInt32()));
        Assert.Equal(["before", "after"], run.GetProperty("console").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync("/api/workflow-definitions/approval")).StatusCode);
    }

    [Fact]
    public async Task AnAgent_MayNotStartOne_AndAnotherProcessOwnerDoesNotFindSomeoneElsesRun_ButAnAdminDoes()
    {
        await AddProcessOwnerAsync("owner2");
        using var agent = await _server.ClientAsync("agent");
        using var other = await _server.ClientAsync("owner2");
        using var admin = await _server.ClientAsync("admin");
        var run = await (await _owner.PostAsync(Start, Body("{}"))).JsonAsync();
        var id = run.GetProperty("id").GetString();
        var taskId = Wait(run, "classify").GetProperty("taskId").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync(Start, Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/test-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/test-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/test-runs/{id}/tasks/{taskId}/complete", new { outcome = "OutOfScope" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/test-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/test-runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _owner.GetAsync($"/api/test-runs/{id}")).StatusCode);
    }

    [Fact]
    public async Task BadRequests_AreProblemDetailsNamingTheField()
    {
        var run = await (await _owner.PostAsync(Start, Body("{}"))).JsonAsync();
        var id = run.GetProperty("id").GetString();
        var taskId = Wait(run, "classify").GetProperty("taskId").GetString();
        var scriptError = Flow("broken", "Broken", WriteLine("say", "'Hello ' +", "JavaScript"));

        Assert.Equal("$", await FieldAsync(await _owner.PostAsync(Start, Body("{ \"definition\": "))));
        Assert.Equal("root.activities[1].text", await FieldAsync(await _owner.PostAsync(Start, Body(new JsonObject { ["definition"] = scriptError }))));
        Assert.Equal("root", await FieldAsync(await _owner.PostAsync(Start, Body("""{ "definition": { "definitionId": "no-root" } }"""))));
        Assert.Equal("definition", await FieldAsync(await _owner.PostAsync(Start, Body("""{ "definition": "complaint-handling" }"""))));
        Assert.Equal("input", await FieldAsync(await _owner.PostAsync(Start, Body("""{ "input": [1, 2] }"""))));
        Assert.Equal("outcome", await FieldAsync(await _owner.PostAsJsonAsync($"/api/test-runs/{id}/tasks/{taskId}/complete", new { outcome = "Done", data = new { category = "price" } })));
        Assert.Equal("data.category", await FieldAsync(await _owner.PostAsJsonAsync($"/api/test-runs/{id}/tasks/{taskId}/complete", new { outcome = "Classified" })));
        Assert.Equal("eventName", await FieldAsync(await _owner.PostAsync($"/api/test-runs/{id}/events", Body("{ \"eventName\": 42 }"))));
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsync("/api/workflow-definitions/no-such-definition/test-runs", Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsJsonAsync($"/api/test-runs/{id}/tasks/no-such-task/complete", new { outcome = "Done" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsync($"/api/test-runs/{id}/timers/{Wait(run, "classify").GetProperty("bookmarkId").GetString()}/fire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync("/api/test-runs/no-such-run")).StatusCode);
    }

    [Fact]
    public async Task AWholeTestRunOfComplaintHandling_WritesNoRowOfAnyTable_AndHandsNoJobToHangfire()
    {
        var probe = new DatabaseProbe(_temp.Sub("data"));
        var rowsBefore = probe.RowCounts();
        var jobsBefore = WorkflowJobs();

        var run = await (await _owner.PostAsync(Start, Body("{}"))).JsonAsync();
        var id = run.GetProperty("id").GetString();
        for (var call = 0; call < 100 && run.GetProperty("status").GetString() == "Running"; call++)
        {
            var waits = run.GetProperty("waits").EnumerateArray().ToList();
            var response = waits.FirstOrDefault(w => w.GetProperty("kind").GetString() == "task") is { ValueKind: JsonValueKind.Object } task
                ? await _owner.PostAsync($"/api/test-runs/{id}/tasks/{task.GetProperty("taskId").GetString()}/complete", Body(Completion(task)))
                : await _owner.PostAsync($"/api/test-runs/{id}/timers/{waits.Where(w => w.GetProperty("kind").GetString() == "timer").MinBy(w => w.GetProperty("dueAt").GetDateTimeOffset()).GetProperty("bookmarkId").GetString()}/fire", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            run = await response.JsonAsync();
        }

        Assert.Equal("Finished", run.GetProperty("subStatus").GetString());
        Assert.Contains(run.GetProperty("effects").EnumerateArray(), e => e.GetProperty("kind").GetString() == "CaseFlow.SurveyRequested");
        Assert.Equal(rowsBefore, probe.RowCounts());
        Assert.Contains("OutboxMessages", rowsBefore.Keys);
        Assert.Equal(jobsBefore, WorkflowJobs());
    }

    private static JsonElement Wait(JsonElement run, string activityId) =>
        run.GetProperty("waits").EnumerateArray().Single(w => w.GetProperty("activityId").GetString() == activityId);

    // The task's first outcome with its form filled in.
    private static JsonObject Completion(JsonElement task)
    {
        var data = new JsonObject();
        foreach (var field in task.GetProperty("form").EnumerateArray())
        {
            data[field.GetProperty("name").GetString()!] = field.GetProperty("type").GetString() switch
            {
                "select" => field.GetProperty("options")[0].GetString(),
                "number" => 1,
                "boolean" => true,
                "date" => "2026-03-01",
                _ => "noted",
            };
        }

        return new JsonObject { ["outcome"] = task.GetProperty("outcomes")[0].GetString(), ["data"] = data };
    }

    private static async Task<string> FieldAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateObject()).Name;
    }

    // The jobs the durable runtime hands to Hangfire (timers and outbox deliveries), in every state.
    private int WorkflowJobs()
    {
        var monitoring = _server.Get<JobStorage>().GetMonitoringApi();
        var types = new[] { typeof(TimerJob), typeof(OutboxDispatchJob) };
        return monitoring.ScheduledJobs(0, 10_000).Count(j => types.Contains(j.Value?.Job?.Type))
            + monitoring.Queues().Sum(q => monitoring.EnqueuedJobs(q.Name, 0, 10_000).Count(j => types.Contains(j.Value?.Job?.Type)))
            + monitoring.ProcessingJobs(0, 10_000).Count(j => types.Contains(j.Value?.Job?.Type))
            + monitoring.SucceededJobs(0, 10_000).Count(j => types.Contains(j.Value?.Job?.Type))
            + monitoring.FailedJobs(0, 10_000).Count(j => types.Contains(j.Value?.Job?.Type));
    }

    private async Task AddProcessOwnerAsync(string name)
    {
        await using var scope = _server.Get<IServiceScopeFactory>().CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CaseFlowUser>>();
        var user = new CaseFlowUser { UserName = name, DisplayName = name };
        Assert.True((await users.CreateAsync(user, InProcessServer.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, CaseRoles.ProcessOwner)).Succeeded);
    }
}
