using System.Net;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api.Audit;

/// <summary>Q9 over HTTP: an agent's read of a case is in the access log, which only managers may read.</summary>
[Collection(HostCollection.Name)]
public sealed class AuditEndpointsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ProgramHost _server;

    public AuditEndpointsTests() => _server = ProgramHost.Start(_temp.Sub("data"), RepositoryPaths.Workflows);

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task AnAgentsReadOfACase_IsInTheAccessLog_WhichOnlyManagersRead()
    {
        using var agent = await _server.ClientAsync("agent");
        using var manager = await _server.ClientAsync("manager");
        var filed = await CaseApi.FileAsync(agent);
        var id = filed.Text("id");

        await CaseApi.GetJsonAsync(agent, $"/api/cases/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/audit/customer-data")).StatusCode);
        var log = await CaseApi.GetJsonAsync(manager, $"/api/audit/customer-data?caseId={id}");
        var entry = Assert.Single(log.GetProperty("items").EnumerateArray());
        Assert.Equal(("agent", "read"), (entry.Text("userName"), entry.Text("action")));
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/api/audit/customer-data?from=yesterday")).StatusCode);
    }
}
