using System.Net;
using System.Net.Http.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api.Organisation;

/// <summary>The organisation over real HTTP: the demo centre's chain, the reserve pool, and an admin's edits.</summary>
[Collection(HostCollection.Name)]
public sealed class OrganisationEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(_temp.Sub("data"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AnAgent_ReadsTheirOwnEscalationChain_FromTheDemoOrganisation()
    {
        using var agent = await _server.ClientAsync("agent");

        var me = await CaseApi.GetJsonAsync(agent, "/api/organisation/people/zhang-wei");

        Assert.Equal("agent", me.Text("userName"));
        Assert.Equal(["liu-yang", "wang-fang", "chen-jing", "zhou-min"], me.GetProperty("superiors").EnumerateArray().Select(p => p.Text("id")));
        Assert.Equal(["Supervisor", "CsManager", "DepartmentHead", "GeneralManager"], me.GetProperty("superiors").EnumerateArray().Select(p => p.Text("position")));
    }

    [Fact]
    public async Task TheReservePool_ListsPartTimeAndOutsourcedStaff_Only()
    {
        using var supervisor = await _server.ClientAsync("supervisor");

        var pool = await CaseApi.GetJsonAsync(supervisor, "/api/organisation/people?reserve=true");

        Assert.Equal(3, pool.GetProperty("total").GetInt32());
        Assert.All(pool.GetProperty("items").EnumerateArray(), p => Assert.Contains(p.Text("reserve"), new[] { "PartTime", "Outsourced" }));
    }

    [Fact]
    public async Task AnAdmin_AddsADepartmentAndAPersonInIt_AManagerMayNot()
    {
        using var admin = await _server.ClientAsync("admin");
        using var manager = await _server.ClientAsync("manager");

        var refused = await manager.PutAsJsonAsync("/api/organisation/departments/after-sales", new { name = "After-sales service" });
        var created = await admin.PutAsJsonAsync("/api/organisation/departments/after-sales", new { name = "After-sales service" });
        var person = await admin.PostAsJsonAsync("/api/organisation/people", new { name = "Song Jia", departmentId = "after-sales", position = "agent", superiorId = "liu-yang" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, person.StatusCode);
        var departments = await CaseApi.GetJsonAsync(manager, "/api/organisation/departments");
        var afterSales = departments.EnumerateArray().Single(d => d.Text("id") == "after-sales");
        Assert.Equal(1, afterSales.GetProperty("activeMembers").GetInt32());
    }

    [Fact]
    public async Task ACircularSuperior_IsAProblemNamingTheField()
    {
        using var admin = await _server.ClientAsync("admin");

        var response = await admin.PutAsJsonAsync("/api/organisation/people/liu-yang", new { name = "Liu Yang", departmentId = "customer-service", position = "supervisor", superiorId = "zhang-wei" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["superiorId"], await CaseApi.ErrorFieldsAsync(response));
    }

    [Theory]
    [InlineData("/api/organisation/people?reserve=maybe", "reserve")]
    [InlineData("/api/organisation/people?position=captain", "position")]
    [InlineData("/api/organisation/people?page=0", "page")]
    public async Task ABadFilter_IsAProblemNamingIt(string path, string field)
    {
        using var agent = await _server.ClientAsync("agent");

        var response = await agent.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await CaseApi.ErrorFieldsAsync(response));
    }
}
