using System.Net;
using System.Net.Sockets;
using CaseFlow.Server.Startup;
using CaseFlow.Server.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace CaseFlow.Server.Tests;

/// <summary>
/// Where the server listens: 127.0.0.1:5080 only when nothing is configured; otherwise what the host's settings say
/// (<c>--urls</c>/<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c> as container images set it, Kestrel endpoints).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ListenAddressTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Decided without binding 5080, which another program may hold.
    [Fact]
    public void WithNothingConfigured_TheServerListensOnLoopbackPort5080()
    {
        Assert.Equal("http://127.0.0.1:5080", ListenAddresses.DefaultFor(Settings()));
        Assert.Equal("http://127.0.0.1:5080", ListenAddresses.DefaultFor(Settings(("Kestrel:Limits:MaxRequestBodySize", "10"))));
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:9000")]
    [InlineData("http_ports", "8080")]
    [InlineData("https_ports", "8443")]
    [InlineData("ASPNETCORE_URLS", "http://+:9000")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "8080")]
    [InlineData("ASPNETCORE_HTTPS_PORTS", "8443")]
    [InlineData("Kestrel:Endpoints:Api:Url", "http://0.0.0.0:9000")]
    public void AnyListenSetting_LeavesTheAddressToIt(string key, string value) =>
        Assert.Null(ListenAddresses.DefaultFor(Settings((key, value))));

    [Fact]
    public async Task AContainersHttpPorts_MakeTheServerListenOnThatPort_OnEveryInterface()
    {
        var port = FreePort();

        using var server = await StartAsync(new() { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var url = Assert.Single(server.ListeningOn);
        Assert.Matches($@"^http://(\[::\]|0\.0\.0\.0):{port}$", url);
        await AnswersAsync($"http://127.0.0.1:{port}");
    }

    [Fact]
    public async Task AspNetCoreUrls_AreHonoured()
    {
        var url = $"http://127.0.0.1:{FreePort()}";

        using var server = await StartAsync(new() { ["ASPNETCORE_URLS"] = url });

        Assert.Equal([url], server.ListeningOn);
        await AnswersAsync(url);
    }

    [Fact]
    public async Task KestrelEndpoints_AreHonoured()
    {
        var url = $"http://127.0.0.1:{FreePort()}";

        using var server = await StartAsync(new() { ["Kestrel__Endpoints__Api__Url"] = url });

        Assert.Equal([url], server.ListeningOn);
        await AnswersAsync(url);
    }

    [Fact]
    public async Task ARandomPort_IsReportedAsTheBoundOne()
    {
        using var server = await StartAsync([], urls: "http://127.0.0.1:0");

        var url = Assert.Single(server.ListeningOn);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", url);
        Assert.DoesNotMatch(@":(0|5080)$", url);
        await AnswersAsync(url);
    }

    private readonly TempDirectory _temp = new();

    private async Task<ServerProcess> StartAsync(Dictionary<string, string> environment, string? urls = null)
    {
        var temp = _temp;
        var server = ServerProcess.Start(temp.Sub("data"), temp.Sub("workflows"), environment, urls);
        try
        {
            await server.WaitUntilListeningAsync(Patience);

            // Every address is printed at once; the line read first may come before the others arrive.
            await Wait.UntilAsync(() => server.Output.Contains("/scalar)", StringComparison.Ordinal), Patience, "the listening line was printed whole");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose() => _temp.Dispose();

    private static async Task AnswersAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Patience };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    // The system hands out a port nobody holds; the server binds it a moment later.
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Any, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
