using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api;

/// <summary>
/// The host exactly as <c>Program</c> builds it (<see cref="ProgramHost"/>: WebApplicationFactory, Kestrel on a random
/// port, a temp SQLite file, the real Hangfire server): sign in, file an inquiry, see its task, browse the reference.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ProgramHostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task TheProgramsHost_ServesTheApi_OverRealHttp()
    {
        using var host = ProgramHost.Start(_temp.Sub("data"), RepositoryPaths.Workflows);
        using var http = await host.ClientAsync("agent");
        Assert.Equal("127.0.0.1", http.BaseAddress!.Host);

        var filed = await http.PostAsJsonAsync("/api/cases", new { type = "inquiry", channel = "email", customer = new { name = "Li Wei", email = "li.wei@example.com" }, description = "How do I change my address?" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var caseId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await Wait.UntilAsync(async () => (await CaseApi.GetJsonAsync(http, $"/api/tasks?view=available&caseId={caseId}")).GetProperty("items").GetArrayLength() == 1, TimeSpan.FromSeconds(30), "the inquiry's classify task appeared");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/scalar")).StatusCode);
    }

    public void Dispose() => _temp.Dispose();
}
