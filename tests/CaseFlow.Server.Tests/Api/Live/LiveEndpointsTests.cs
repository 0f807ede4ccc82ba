using System.Net;
using System.Text.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api.Live;

/// <summary>The live change stream over real HTTP: who may open it, and that a saved change reaches an open stream.</summary>
[Collection(HostCollection.Name)]
public sealed class LiveEndpointsTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private InProcessServer Server => host.Server;

    [Fact]
    public async Task AnOpenStream_SaysReady_ThenAnnouncesTheTaskACaseHandsOut_AndTheClaimOfIt()
    {
        using var agent = await Server.ClientAsync("agent");
        using var supervisor = await Server.ClientAsync("supervisor");
        using var response = await agent.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        using var deadline = new CancellationTokenSource(CaseApi.Patience);
        Assert.Equal("ready", (await NextEventAsync(reader, deadline.Token)).Name);

        var caseId = (await CaseApi.FileAsync(agent)).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, caseId, "classify")).Text("id");
        await NextChangeAsync(reader, "task", classify, deadline.Token);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/tasks/{classify}/claim", null)).StatusCode);
        var claimed = await NextChangeAsync(reader, "task", classify, deadline.Token);
        Assert.Equal(caseId, claimed.GetProperty("caseId").GetString());
    }

    [Fact]
    public async Task TheStream_IsClosedToAnonymousCallers_AndToRolesThatReadNoCases()
    {
        using var anonymous = Server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        using var owner = await Server.ClientAsync("owner");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
    }

    // Reads change events until one names the task; others (the case's own changes, other tests' cases) pass by.
    private static async Task<JsonElement> NextChangeAsync(StreamReader reader, string kind, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (name, data) = await NextEventAsync(reader, cancellationToken);
            if (name != "change")
                continue;
            var change = JsonDocument.Parse(data).RootElement;
            if (change.GetProperty("kind").GetString() == kind && change.GetProperty("id").GetString() == id)
                return change;
        }
    }

    private static async Task<(string Name, string Data)> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null;
        var data = "";
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                    return (name, data);
                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line["data: ".Length..];
        }

        throw new EndOfStreamException("The live stream ended.");
    }
}
