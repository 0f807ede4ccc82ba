using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Api.Definitions;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api.Emergencies;

/// <summary>Emergencies over real HTTP: an agent reports one, information reports pile up, managers read them.</summary>
[Collection(HostCollection.Name)]
public sealed class EmergencyEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_temp.Sub("data"));
        using var owner = await _server.ClientAsync("owner");
        await ApiDefinitions.PublishAsync(owner, StandIn());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AnAgentReportsAnEmergency_AppendsInformationReports_AndAManagerReadsTheHistory()
    {
        using var agent = await _server.ClientAsync("agent");
        using var manager = await _server.ClientAsync("manager");

        var raised = await agent.PostAsJsonAsync("/api/emergencies", new { eventType = "data-leak", description = "Customer records visible to other customers.", departments = new[] { "tech-support" } });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var emergency = await CaseApi.JsonAsync(raised);
        var id = emergency.Text("id");
        Assert.Equal(("Warning", "I", true), (emergency.Text("stage"), emergency.Text("suggestedLevel"), emergency.GetProperty("red").GetBoolean()));
        foreach (var cause in new[] { "Unknown yet.", "A caching misconfiguration." })
        {
            var report = await agent.PostAsJsonAsync($"/api/emergencies/{emergency.Text("number")}/reports", new
            {
                eventType = "data-leak",
                occurredAt = emergency.GetProperty("occurredAt").GetDateTimeOffset(),
                departments = new[] { "tech-support", "legal" },
                scope = "About 40 customers' order pages",
                cause,
                measures = "Cache disabled; affected sessions ended.",
                followUp = "Legal assesses notification duties by 14:00.",
                form = "written",
                recipients = new[] { new { kind = "leadership", name = "General manager" }, new { kind = "regulator", name = "Data protection authority" } },
            });
            Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        }

        var details = await CaseApi.GetJsonAsync(manager, $"/api/emergencies/{id}");
        Assert.Equal([1, 2], details.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("sequence").GetInt32()));
        Assert.Equal("A caching misconfiguration.", details.GetProperty("reports")[1].Text("cause"));
        Assert.Equal(["tech-support", "legal"], details.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        var list = await CaseApi.GetJsonAsync(manager, "/api/emergencies?active=true");
        Assert.Equal([id], CaseApi.Ids(list));
    }

    [Fact]
    public async Task AnIncompleteReport_IsAProblemNamingEachMissingField()
    {
        using var agent = await _server.ClientAsync("agent");
        var emergency = await CaseApi.JsonAsync(await agent.PostAsJsonAsync("/api/emergencies", new { eventType = "system-failure", description = "Telephony down." }));

        var response = await agent.PostAsJsonAsync($"/api/emergencies/{emergency.Text("id")}/reports", new { form = "written", recipients = new[] { new { kind = "leadership", name = "GM" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["cause", "departments", "eventType", "followUp", "measures", "occurredAt", "scope"], (await CaseApi.ErrorFieldsAsync(response)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/emergencies?level=V", "level")]
    [InlineData("/api/emergencies?stage=panic", "stage")]
    [InlineData("/api/emergencies?drills=perhaps", "drills")]
    public async Task ABadFilter_IsAProblemNamingIt(string path, string field)
    {
        using var manager = await _server.ClientAsync("manager");

        var response = await manager.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await CaseApi.ErrorFieldsAsync(response));
    }

    private static JsonObject StandIn() => JsonNode.Parse("""
        {
          "definitionId": "emergency-response", "name": "Stand-in emergency response", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "review", "type": "CaseFlow.HumanTask",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Review the report" } },
                "candidateRole": { "typeName": "String", "expression": { "type": "Literal", "value": "Supervisor" } },
                "outcomes": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"Reviewed\"]" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } } ]
          }
        }
        """)!.AsObject();
}
