using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Server.Tests.Support;
using Xunit.Abstractions;

namespace CaseFlow.Server.Tests.Security;

/// <summary>
/// Generated hostile definitions go to validate, import and run on the real server process (a crash there cannot take
/// the test host with it): the server never dies, never answers 5xx, every run that breaks a limit ends with an
/// incident naming the limit, and the process's peak memory stays bounded.
/// </summary>
[Collection(HostCollection.Name)]
public partial class HostileDefinitionFuzzTests(ITestOutputHelper output)
{
    private const string Password = "Fuzz-Password-42!";

    // The sandboxes allow 64 MB per script evaluation; the idle server takes about 250 MB. A limit walked around once
    // took it past 3 GB.
    private const long PeakMemoryLimitBytes = 1536L * 1024 * 1024;

    [Fact]
    public async Task HostileDefinitions_NeverTakeTheServerDown_NorAnswer5xx_AndEveryBrokenLimitIsAnIncident()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CASEFLOW_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s : Environment.TickCount;
        output.WriteLine($"seed {seed} (set CASEFLOW_FUZZ_SEED to replay)");
        var attacks = new HostileDefinitions(seed).Generate(extra: 12);

        using var dir = new TempDirectory("caseflow-fuzz");
        var data = dir.Sub("data");
        foreach (var (user, role) in new[] { ("fuzz-owner", "ProcessOwner"), ("fuzz-manager", "Manager") })
        {
            var added = await CaseFlowProcess.RunAsync("users", "add", user, "--role", role, "--password", Password, "--data", data);
            Assert.True(added.ExitCode == 0, added.StandardError);
        }

        using var server = ServerProcess.Start(data, dir.Sub("workflows"));
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(Listening().Match(server.Output).Groups[1].Value), Timeout = TimeSpan.FromSeconds(60) };
        var owner = await TokenAsync(http, "fuzz-owner");
        var manager = await TokenAsync(http, "fuzz-manager");
        var idle = PeakMemory(server.Id);

        var failures = new List<string>();
        foreach (var attack in attacks)
        {
            var verdicts = await AttackAsync(http, owner, manager, attack, failures);
            output.WriteLine($"{attack.Name,-28} {attack.Json.Length,9:N0} chars  {verdicts}");
            if (server.HasExited)
            {
                failures.Add($"{attack.Name}: the server died. Its output:\n{Tail(server.Output)}");
                break;
            }

            var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
            if (live.StatusCode != HttpStatusCode.OK)
                failures.Add($"{attack.Name}: /health/live answered {(int)live.StatusCode} afterwards");
        }

        var peak = server.HasExited ? 0 : PeakMemory(server.Id);
        output.WriteLine($"server memory: idle peak {idle / 1048576:N0} MB, peak over the run {peak / 1048576:N0} MB (limit {PeakMemoryLimitBytes / 1048576:N0} MB)");
        if (peak > PeakMemoryLimitBytes)
            failures.Add($"the server's peak memory reached {peak / 1048576:N0} MB");
        Assert.True(failures.Count == 0, $"seed {seed}:\n" + string.Join("\n", failures));
    }

    /// <summary>Validate (as a Manager), import (publishes), start and follow one instance; returns what each step answered.</summary>
    private static async Task<string> AttackAsync(HttpClient http, string owner, string manager, HostileDefinition attack, List<string> failures)
    {
        var validate = await SendAsync(http, HttpMethod.Post, "/api/workflow-definitions/validate", manager, attack.Json);
        Check(validate, attack, "validate", failures);
        var import = await SendAsync(http, HttpMethod.Post, "/api/workflow-definitions/import", owner, attack.Json);
        Check(import, attack, "import", failures);
        var verdict = $"validate {(int)validate.Status}, import {(int)import.Status}";
        if (import.Status != HttpStatusCode.OK)
        {
            if (attack.BreaksALimitWhenRun)
                failures.Add($"{attack.Name}: a bomb that only breaks its limits at run time was refused at import ({(int)import.Status}): {Shorten(import.Body)}");
            return verdict;
        }

        var start = await SendAsync(http, HttpMethod.Post, $"/api/workflow-definitions/{attack.DefinitionId}/instances", owner, "{}");
        Check(start, attack, "start", failures);
        if (start.Status != HttpStatusCode.Created)
            return verdict + $", start {(int)start.Status}";

        var instanceId = JsonDocument.Parse(start.Body).RootElement.GetProperty("id").GetString()!;
        var (status, subStatus, incidents, size) = await FollowAsync(http, owner, instanceId);
        verdict += $", run {status}/{subStatus} ({size:N0} bytes){(incidents.Count > 0 ? ": " + Shorten(incidents[0]) : "")}";
        if (attack.BreaksALimitWhenRun && (subStatus != "Faulted" || !incidents.Exists(NamesALimit)))
            failures.Add($"{attack.Name}: the run ended {status}/{subStatus} without an incident naming a limit ({string.Join(" | ", incidents)})");
        if (size > 4 * 1024 * 1024)
            failures.Add($"{attack.Name}: the instance reads back as {size:N0} bytes");
        return verdict;
    }

    private static async Task<(string Status, string SubStatus, List<string> Incidents, long Size)> FollowAsync(HttpClient http, string token, string instanceId)
    {
        for (var attempt = 0; ; attempt++)
        {
            var read = await SendAsync(http, HttpMethod.Get, $"/api/workflow-instances/{instanceId}", token, null);
            var root = JsonDocument.Parse(read.Body).RootElement;
            var status = root.GetProperty("status").GetString()!;
            var subStatus = root.GetProperty("subStatus").GetString()!;
            if (status == "Finished" || subStatus == "Suspended" || attempt == 300)
            {
                var incidents = root.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("message").GetString() ?? "").ToList();
                return (status, subStatus, incidents, read.Body.Length);
            }

            await Task.Delay(100);
        }
    }

    private static bool NamesALimit(string message) => message.Contains("limit", StringComparison.OrdinalIgnoreCase);

    private static void Check(Reply reply, HostileDefinition attack, string step, List<string> failures)
    {
        if ((int)reply.Status >= 500)
            failures.Add($"{attack.Name}: {step} answered {(int)reply.Status}: {Shorten(reply.Body)}");
        else if ((int)reply.Status is >= 400 and not 413 && !reply.Body.Contains("\"title\"", StringComparison.Ordinal))
            failures.Add($"{attack.Name}: {step} answered {(int)reply.Status} without problem details: {Shorten(reply.Body)}");
    }

    private static async Task<Reply> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request);
            return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            // The connection dropped: the server died or reset it, both failures of the server.
            return new Reply(HttpStatusCode.BadGateway, "no answer: " + e.Message);
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string user)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>The process's peak resident memory (VmHWM), in bytes.</summary>
    private static long PeakMemory(int processId)
    {
        var line = File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // How it died is at the start of its last words (the stack overflow's first frames), not at the end.
    private static string Tail(string text)
    {
        var err = text.IndexOf("err:", StringComparison.Ordinal);
        var last = err < 0 ? text : text[err..];
        return last.Length > 2000 ? last[..2000] + "…" : last;
    }

    private sealed record Reply(HttpStatusCode Status, string Body);

    [GeneratedRegex(@"CaseFlow listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
