using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoMapper;
using CaseFlow.Server.Api.Instances;
using CaseFlow.Server.Tests.Api.Definitions;
using CaseFlow.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static CaseFlow.Server.Tests.Api.Definitions.ApiDefinitions;

namespace CaseFlow.Server.Tests.Api.Instances;

[Collection(HostCollection.Name)]
public sealed class InstanceEndpointsTests : IAsyncLifetime, IDisposable
{
    private const string Instances = "/api/workflow-instances";
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_temp.Sub("data"));
        _owner = await _server.ClientAsync("owner");
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    // Waits for the event "Go", then writes what the event carried.
    private static JsonObject Waiting(string definitionId) =>
        Flow(definitionId, "Waits for Go", Event("go", "Go"), WriteLine("got", "got it"));

    [Fact]
    public async Task AnInstance_StartsWithInputAndCorrelationId_AndIsFoundByThem()
    {
        await PublishAsync(_owner, Waiting("waiter"));

        var started = await _owner.PostAsJsonAsync("/api/workflow-definitions/waiter/instances", new { input = new { customer = "C-7", amount = 12.5 }, correlationId = "order-1" });
        await _owner.PostAsJsonAsync("/api/workflow-definitions/waiter/instances", new { correlationId = "order-2" });

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var summary = await started.JsonAsync();
        var id = summary.GetProperty("id").GetString()!;
        Assert.Equal($"/api/workflow-instances/{id}", started.Headers.Location!.OriginalString);
        Assert.Equal(("Running", "Suspended", "order-1"), (summary.GetProperty("status").GetString(), summary.GetProperty("subStatus").GetString(), summary.GetProperty("correlationId").GetString()));

        var byCorrelation = await _owner.GetFromJsonAsync<JsonElement>($"{Instances}?correlationId=order-1&status=running");
        Assert.Equal(id, Assert.Single(byCorrelation.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(2, (await _owner.GetFromJsonAsync<JsonElement>($"{Instances}?definitionId=waiter&subStatus=Suspended&hasIncidents=false")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await _owner.GetFromJsonAsync<JsonElement>($"{Instances}?status=Finished")).GetProperty("total").GetInt32());
        var newestFirst = (await _owner.GetFromJsonAsync<JsonElement>($"{Instances}?pageSize=1")).GetProperty("items")[0];
        Assert.Equal("order-2", newestFirst.GetProperty("correlationId").GetString());
        Assert.Equal(2, (await _owner.GetFromJsonAsync<JsonElement>($"{Instances}?createdFrom={DateTime.UtcNow:yyyy-MM-dd}&createdTo={DateTime.UtcNow:yyyy-MM-dd}")).GetProperty("total").GetInt32());

        var details = await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{id}");
        Assert.Equal("C-7", details.GetProperty("input").GetProperty("customer").GetString());
        var bookmark = Assert.Single(details.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal(("Elsa.Event", "Go"), (bookmark.GetProperty("name").GetString(), bookmark.GetProperty("payload").GetProperty("eventName").GetString()));
        Assert.Empty(details.GetProperty("incidents").EnumerateArray());
    }

    // 60 levels pass the body reader (64) but not the snapshot writer: the start used to fail as "not valid JSON".
    [Fact]
    public async Task AnInputNestedDeeperThanAnInstanceMayStore_Answers400NamingIt_AndStartsNothing()
    {
        await PublishAsync(_owner, Waiting("deep-input"));
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 60)) + "1" + new string('}', 60);

        var started = await _owner.PostAsync("/api/workflow-definitions/deep-input/instances",
            new StringContent("{\"input\":{\"order\":" + deep + "}}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, started.StatusCode);
        var problem = await started.JsonAsync();
        Assert.Contains("nested deeper than the limit of 32 levels", problem.GetProperty("errors").GetProperty("input.order")[0].GetString(), StringComparison.Ordinal);
        var list = await (await _owner.GetAsync("/api/workflow-instances?definitionId=deep-input")).JsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnEvent_ResumesTheInstanceWaitingWithItsCorrelationId_Only()
    {
        await PublishAsync(_owner, Waiting("waiter"));
        var mine = (await (await _owner.PostAsJsonAsync("/api/workflow-definitions/waiter/instances", new { correlationId = "A" })).JsonAsync()).GetProperty("id").GetString();
        var other = (await (await _owner.PostAsJsonAsync("/api/workflow-definitions/waiter/instances", new { correlationId = "B" })).JsonAsync()).GetProperty("id").GetString();

        var published = await _owner.PostAsJsonAsync("/api/events/Go", new { correlationId = "A", input = new { by = "li" } });

        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        var delivery = await published.JsonAsync();
        Assert.Equal(1, delivery.GetProperty("resumed").GetInt32());
        Assert.Empty(delivery.GetProperty("started").EnumerateArray());
        Assert.Equal("Finished", (await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{mine}")).GetProperty("subStatus").GetString());
        Assert.Equal("Suspended", (await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{other}")).GetProperty("subStatus").GetString());
    }

    [Fact]
    public async Task AnEvent_StartsTheDefinitionsItTriggers()
    {
        var trigger = Event("go", "Kickoff");
        trigger["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        var definition = Flow("kicked", "Kicked off", WriteLine("hi", "hi"));
        definition["root"]!["activities"] = new JsonArray(trigger, WriteLine("hi", "hi"));
        definition["root"]!["connections"] = new JsonArray(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = "go", ["port"] = "Done" },
            ["target"] = new JsonObject { ["activity"] = "hi", ["port"] = "In" },
        });
        await PublishAsync(_owner, definition);

        var delivery = await (await _owner.PostAsJsonAsync("/api/events/Kickoff", new { correlationId = "K-1" })).JsonAsync();

        var started = Assert.Single(delivery.GetProperty("started").EnumerateArray()).GetString();
        var instance = await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{started}");
        Assert.Equal(("kicked", "K-1"), (instance.GetProperty("definitionId").GetString(), instance.GetProperty("correlationId").GetString()));
    }

    [Fact]
    public async Task ARunningInstance_IsCancelledOnce_ThenCancellingIsAConflict()
    {
        await PublishAsync(_owner, Waiting("waiter"));
        var id = (await (await _owner.PostAsJsonAsync("/api/workflow-definitions/waiter/instances", new { })).JsonAsync()).GetProperty("id").GetString();

        var first = await _owner.PostAsync($"{Instances}/{id}/cancel", null);
        var second = await _owner.PostAsync($"{Instances}/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Cancelled", (await first.JsonAsync()).GetProperty("subStatus").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsync($"{Instances}/nobody/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task AFailingScript_LeavesAnIncident_ThatARetryRunsAgain()
    {
        // Throws on the first run only: the variable it bumps survives the fault.
        await PublishAsync(_owner, Flow("flaky", "Flaky", [Variable("Tries", "Int32", "0")],
            RunJavaScript("script", "setTries(getTries() + 1); if (getTries() < 2) { throw new Error('x'); } 'ok';"),
            WriteLine("after", "recovered")));
        var started = await (await _owner.PostAsJsonAsync("/api/workflow-definitions/flaky/instances", new { })).JsonAsync();
        var id = started.GetProperty("id").GetString();
        Assert.Equal(1, started.GetProperty("incidentCount").GetInt32());
        Assert.Equal(1, (await _owner.GetFromJsonAsync<JsonElement>($"{Instances}?hasIncidents=true")).GetProperty("total").GetInt32());
        var incident = Assert.Single((await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{id}")).GetProperty("incidents").EnumerateArray());
        Assert.Contains("x", incident.GetProperty("message").GetString(), StringComparison.Ordinal);
        var incidentId = incident.GetProperty("id").GetString();

        var retried = await _owner.PostAsync($"{Instances}/{id}/incidents/{incidentId}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var after = await retried.JsonAsync();
        Assert.Equal(("Finished", 0), (after.GetProperty("subStatus").GetString(), after.GetProperty("incidentCount").GetInt32()));
        var journal = await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{id}/journal?pageSize=200");
        Assert.Contains(journal.GetProperty("items").EnumerateArray(), r => r.GetProperty("eventName").GetString() == "Retried");
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsync($"{Instances}/{id}/incidents/{incidentId}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsync($"{Instances}/nobody/incidents/{incidentId}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task TheJournal_IsPagedInSequenceOrder()
    {
        await PublishAsync(_owner, Flow("chatty", "Chatty", WriteLine("one", "1"), WriteLine("two", "2"), WriteLine("three", "3")));
        var id = (await (await _owner.PostAsJsonAsync("/api/workflow-definitions/chatty/instances", new { })).JsonAsync()).GetProperty("id").GetString();

        var all = await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{id}/journal?pageSize=200");
        var first = await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{id}/journal?page=1&pageSize=3");
        var second = await _owner.GetFromJsonAsync<JsonElement>($"{Instances}/{id}/journal?page=2&pageSize=3");

        var sequences = all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("sequence").GetInt64()).ToList();
        Assert.True(sequences.Count > 6, $"{sequences.Count} records");
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, first.GetProperty("total").GetInt32());
        Assert.Equal(sequences.Take(3), first.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("sequence").GetInt64()));
        Assert.Equal(sequences.Skip(3).Take(3), second.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("sequence").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync($"{Instances}/nobody/journal")).StatusCode);
    }

    [Fact]
    public async Task BadFilters_AreA400NamingEachField()
    {
        var response = await _owner.GetAsync($"{Instances}?status=Sleeping&subStatus=1&hasIncidents=maybe&createdFrom=yesterday&page=-1&version=0&drill=perhaps");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "status", "subStatus", "hasIncidents", "createdFrom", "page", "version", "drill" })
            Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Runs_AreFoundByVersion_ByTheirCasesNumber_AndWithOrWithoutDrills()
    {
        await PublishAsync(_owner, Waiting("versioned"));
        await PublishAsync(_owner, Flow("versioned", "Waits for Go, second edition", Event("go", "Go"), WriteLine("got", "got it again")));
        await _owner.PostAsJsonAsync("/api/workflow-definitions/versioned/instances", new { version = 1 });
        await _owner.PostAsJsonAsync("/api/workflow-definitions/versioned/instances", new { version = 2 });
        await _owner.PostAsJsonAsync("/api/workflow-definitions/versioned/instances", new { version = 2 });
        await using var withWorkflows = await InProcessServer.StartAsync(_temp.Sub("with-workflows"), CaseFlow.Tests.Shared.RepositoryPaths.Workflows);
        using var agent = await withWorkflows.ClientAsync("agent");
        using var manager = await withWorkflows.ClientAsync("manager");
        var complaint = await CaseFlow.Server.Tests.Api.Cases.CaseApi.FileAsync(agent);
        async Task<int> TotalAsync(HttpClient http, string query) => (await http.GetFromJsonAsync<JsonElement>($"{Instances}?{query}")).GetProperty("total").GetInt32();

        Assert.Equal(1, await TotalAsync(_owner, "definitionId=versioned&version=1"));
        Assert.Equal(2, await TotalAsync(_owner, "definitionId=versioned&version=2"));
        Assert.Equal(1, await TotalAsync(manager, "correlationId=" + complaint.GetProperty("number").GetString()));
        Assert.Equal(1, await TotalAsync(manager, "correlationId=" + complaint.GetProperty("id").GetString()));
        Assert.Equal(0, await TotalAsync(manager, "drill=true"));
        Assert.Equal(await TotalAsync(manager, ""), await TotalAsync(manager, "drill=false"));
    }

    [Fact]
    public async Task StartingWhatCannotRun_IsRefused()
    {
        (await _owner.PostAsync("/api/workflow-definitions", Body(Waiting("drafty")))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsJsonAsync("/api/workflow-definitions/nobody/instances", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _owner.PostAsJsonAsync("/api/workflow-definitions/drafty/instances", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _owner.PostAsJsonAsync("/api/workflow-definitions/drafty/instances", new { version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.PostAsJsonAsync("/api/workflow-definitions/drafty/instances", new { version = 7 })).StatusCode);
        var badInput = await _owner.PostAsync("/api/workflow-definitions/drafty/instances", Body("""{ "input": [1, 2] }"""));
        Assert.Equal(HttpStatusCode.BadRequest, badInput.StatusCode);
        Assert.True((await badInput.JsonAsync()).GetProperty("errors").TryGetProperty("input", out _));
    }

    [Fact]
    public async Task AnAgent_IsForbiddenTheInstancesAndEvents()
    {
        using var agent = await _server.ClientAsync("agent");
        using var supervisor = await _server.ClientAsync("supervisor");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(Instances)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/events/Go", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/workflow-definitions/x/instances", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(Instances)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync($"{Instances}/x/cancel", null)).StatusCode);
    }

    [Fact]
    public void TheInstanceProfile_MapsEveryDtoMember()
    {
        var configuration = new MapperConfiguration(c => c.AddProfile<InstanceProfile>(), NullLoggerFactory.Instance);

        configuration.AssertConfigurationIsValid();
    }
}
