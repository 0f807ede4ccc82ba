using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CaseFlow.Server.Auth;
using CaseFlow.Server.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CaseFlow.Server.Tests.Api;

/// <summary>
/// Every endpoint the host maps, against every role: an endpoint without a policy (or an explicit anonymous mark)
/// fails the test, a role outside the policy gets 403, a role inside it never gets 401/403 for the policy's sake,
/// anonymous callers get 401, and no call answers 5xx (the calls carry placeholder ids and empty bodies).
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class RoleMatrixTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] RoleUsers = ["admin", "owner", "agent", "supervisor", "manager"];
    private static readonly Dictionary<string, string> RoleOf = new(StringComparer.Ordinal)
    {
        ["admin"] = "Admin",
        ["owner"] = "ProcessOwner",
        ["agent"] = "Agent",
        ["supervisor"] = "Supervisor",
        ["manager"] = "Manager",
    };

    // Public on purpose: health, the API documentation, sign-in, the customers' survey page, the web app's files.
    private static readonly Regex Anonymous = AnonymousRoutes();

    private readonly TempDirectory _temp = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(_temp.Sub("data"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EveryEndpoint_NamesAPolicy_OrIsKnownToBePublic()
    {
        var missing = Endpoints().Where(e => e.Policy is null && !e.IsAnonymous).Select(e => e.Display).ToList();
        var unexpectedAnonymous = Endpoints().Where(e => e.IsAnonymous && !Anonymous.IsMatch(e.Template)).Select(e => e.Display).ToList();

        Assert.Empty(missing);
        Assert.Empty(unexpectedAnonymous);
        Assert.Contains(Endpoints(), e => e.Template == "/api/activity-descriptors" && e.Policy == Policies.ReadDefinitions);
        Assert.Contains(Endpoints(), e => e.Template.StartsWith("/hangfire", StringComparison.Ordinal) && e.Policy == Policies.Admin);
        Assert.Contains(Endpoints(), e => e.Template == "/s/{token}" && e.IsAnonymous);
        foreach (var testRun in new[] { "/api/workflow-definitions/{definitionId}/test-runs", "/api/test-runs/{id}", "/api/test-runs/{id}/tasks/{taskId}/complete", "/api/test-runs/{id}/events", "/api/test-runs/{id}/timers/{bookmarkId}/fire" })
            Assert.Contains(Endpoints(), e => e.Template == testRun && e.Policy == Policies.EditDefinitions);
        Assert.Contains(Endpoints(), e => e.Template == "/api/test-runs/{id}" && e.Methods.Contains("DELETE") && e.Policy == Policies.EditDefinitions);
        Assert.All(Endpoints().Where(e => e.Policy is { Length: > 0 }), e => Assert.True(e.Policy == "" || Policies.Roles.ContainsKey(e.Policy!), $"{e.Display}: unknown policy {e.Policy}"));
    }

    [Fact]
    public async Task EveryRole_IsAdmittedOrRefused_AsItsPolicySays_AndNothingAnswers5xx()
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var user in RoleUsers)
            clients[user] = await _server.ClientAsync(user);
        using var anonymous = _server.Anonymous();
        var failures = new List<string>();
        try
        {
            // Signing out ends every token of the user: last, so it does not sign the clients out of the others.
            var endpoints = Endpoints().OrderBy(e => e.Template == "/api/auth/logout").ToList();
            Assert.True(endpoints.Count >= 10, string.Join("\n", endpoints.Select(e => e.Display)));
            foreach (var endpoint in endpoints)
            {
                foreach (var method in endpoint.Methods)
                {
                    var path = Fill(endpoint.Template.Replace("{**path}", "", StringComparison.Ordinal));
                    var anon = await SendAsync(anonymous, method, path);
                    if ((int)anon >= 500)
                        failures.Add($"anonymous {method} {path}: {(int)anon}");
                    if (!endpoint.IsAnonymous && anon != HttpStatusCode.Unauthorized)
                        failures.Add($"anonymous {method} {path}: {(int)anon}, expected 401");
                    if (endpoint.IsAnonymous)
                        continue;

                    foreach (var (user, client) in clients)
                    {
                        var status = await SendAsync(client, method, path);
                        var allowed = endpoint.Policy is null or "" || RoleOf[user] == "Admin" || Policies.Roles[endpoint.Policy].Contains(RoleOf[user]);
                        if ((int)status >= 500)
                            failures.Add($"{user} {method} {path}: {(int)status}");
                        else if (!allowed && status != HttpStatusCode.Forbidden)
                            failures.Add($"{user} {method} {path}: {(int)status}, expected 403 ({endpoint.Policy})");
                        else if (allowed && status is HttpStatusCode.Unauthorized || (allowed && status == HttpStatusCode.Forbidden && !UseCaseMayForbid(path)))
                            failures.Add($"{user} {method} {path}: {(int)status}, expected to be let through ({endpoint.Policy})");
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
                client.Dispose();
        }

        Assert.Empty(failures);
    }

    // Checks behind the policy: an agent may not list everyone's tasks (view=all) or see a task that is not theirs.
    private static bool UseCaseMayForbid(string path) => path.StartsWith("/api/tasks", StringComparison.Ordinal);

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        // Headers only: the live event stream (/api/live) answers 200 and then never ends.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    private static string Fill(string template) => RouteParameter().Replace(template, m => m.Value.Contains(":int", StringComparison.Ordinal) ? "999999" : "placeholder-id");

    private sealed record EndpointInfo(string Template, IReadOnlyList<string> Methods, string? Policy, bool IsAnonymous)
    {
        public string Display => $"{string.Join(",", Methods)} {Template}";
    }

    private List<EndpointInfo> Endpoints()
    {
        var source = _server.Get<EndpointDataSource>();
        var result = new List<EndpointInfo>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            string? policy = authorize.Count == 0 ? null : authorize.Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "";
            result.Add(new EndpointInfo(template, methods, policy, anonymous));
        }

        return result;
    }

    // The web app's fallback (/{**path}) serves only the app's index.html, never data: the app signs in by itself.
    [GeneratedRegex(@"^/(health/(live|ready)|openapi/.*|scalar.*|api/auth/(token|login)|s/\{token\}|\{\*\*path\}|)$")]
    private static partial Regex AnonymousRoutes();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
