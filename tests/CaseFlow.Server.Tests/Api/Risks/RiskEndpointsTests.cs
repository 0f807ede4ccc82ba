using System.Net;
using System.Net.Http.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api.Risks;

/// <summary>The risk register over HTTP (E21).</summary>
[Collection(HostCollection.Name)]
public sealed class RiskEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(_temp.Sub("data"), CaseFlow.Tests.Shared.RepositoryPaths.Workflows);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AManagerRecordsRisks_TheRegisterShowsTheStrategy_AndGradeFiveActivatesTheEmergencyPlan()
    {
        using var manager = await _server.ClientAsync("manager");

        var significant = await manager.PostAsJsonAsync("/api/risks", new { title = "Single call router", category = "technical", grade = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, significant.StatusCode);
        Assert.Equal(["specialPlan"], await CaseApi.ErrorFieldsAsync(significant));
        var created = await manager.PostAsJsonAsync("/api/risks", new { title = "Customer data exposed", category = "technical", grade = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var risk = await CaseApi.JsonAsync(created);
        Assert.True(risk.GetProperty("offersActivation").GetBoolean());
        Assert.StartsWith("Activate the emergency plan", risk.Text("strategy"), StringComparison.Ordinal);

        var activated = await CaseApi.JsonAsync(await manager.PostAsync($"/api/risks/{risk.Text("id")}/activate", null));
        var emergencyId = activated.Text("emergencyCaseId");
        var emergency = await CaseApi.GetJsonAsync(manager, $"/api/emergencies/{emergencyId}");
        Assert.Equal("Warning", emergency.Text("stage"));
        var list = await CaseApi.GetJsonAsync(manager, "/api/risks?category=technical");
        Assert.Equal(1, list.GetArrayLength());
    }

    [Fact]
    public async Task AnAgent_CannotReadTheRegister_AndABadCategoryIsAProblemNamingIt()
    {
        using var agent = await _server.ClientAsync("agent");
        using var supervisor = await _server.ClientAsync("supervisor");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/risks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/risks", new { title = "x", category = "market", grade = 1 })).StatusCode);
        var bad = await supervisor.GetAsync("/api/risks?category=weather");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["category"], await CaseApi.ErrorFieldsAsync(bad));
    }
}
