using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests;

/// <summary>
/// With an OTLP endpoint configured, the server exports traces, metrics and logs to it: a real HTTP receiver on
/// loopback gets the workflow's spans and CaseFlow's own metrics after a complaint is filed and its first task done.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task WithAnOtlpEndpoint_TracesMetricsAndLogsOfAComplaint_ReachIt()
    {
        using var collector = new OtlpCollector();
        using var host = ProgramHost.Start(_temp.Sub("data"), RepositoryPaths.Workflows, settings: new Dictionary<string, string>
        {
            ["CaseFlow:Telemetry:OtlpEndpoint"] = collector.Address,
            // Export often, so the test waits for seconds, not for the SDK's default minute.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var agent = await host.ClientAsync("agent");

        var caseId = (await CaseApi.FileAsync(agent)).Text("id");
        var task = await CaseApi.WaitForTaskAsync(await host.ClientAsync("supervisor"), caseId, "classify");
        var completed = await agent.PostAsync($"/api/tasks/{task.Text("id")}/complete", System.Net.Http.Json.JsonContent.Create(new { outcome = "Classified", data = new { category = "price" } }));
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);

        await Wait.UntilAsync(() => collector.Contains("/v1/traces", "workflow start") && collector.Contains("/v1/traces", "workflow resume") && collector.Contains("/v1/traces", "/api/cases"),
            CaseApi.Patience, "the workflow's and the request's spans were exported");
        await Wait.UntilAsync(() => new[] { "caseflow.workflows.started", "caseflow.workflow.burst.duration", "caseflow.workflow.commit.duration", "caseflow.outbox.lag", "caseflow.task.wait", "http.server.request.duration" }.All(m => collector.Contains("/v1/metrics", m)),
            CaseApi.Patience, "CaseFlow's metrics were exported");
        await Wait.UntilAsync(() => collector.Contains("/v1/logs", "InstanceId") || collector.Contains("/v1/logs", "Now listening"), CaseApi.Patience, "logs were exported");
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>An OTLP/HTTP receiver: keeps every body it is sent, by path (protobuf keeps names as UTF-8 text).</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentDictionary<string, ConcurrentBag<byte[]>> _received = new();

        public OtlpCollector()
        {
            var port = FreePorts.OnLoopback();
            Address = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _ = Task.Run(ReceiveAsync);
        }

        public string Address { get; }

        public bool Contains(string path, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return _received.TryGetValue(path, out var bodies) && bodies.Any(b => b.AsSpan().IndexOf(bytes) >= 0);
        }

        private async Task ReceiveAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.GetOrAdd(context.Request.Url!.AbsolutePath, _ => []).Add(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
