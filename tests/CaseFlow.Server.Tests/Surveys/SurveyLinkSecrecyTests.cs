using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseFlow.Cases.Domain;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Surveys;

/// <summary>
/// The attack of issue 9: staff who read a case (its message log, timeline) or its workflow instance must not find
/// the customer's survey link, or they could answer the survey in the customer's name.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class SurveyLinkSecrecyTests
{
    [Fact]
    public async Task StaffReadingTheCaseTheInstanceOrTheJournal_NeverSeeTheLink_YetTheCustomersEmailAnswersTheSurveyOnce()
    {
        using var temp = new TempDirectory();
        var workflows = temp.Sub("workflows");
        await File.WriteAllTextAsync(Path.Combine(workflows, "complaint-handling.json"), SurveyPageTests.SurveyWorkflow);
        var outbox = new SentMessages(SurveyPageTests.OutboxChannel);
        await using var server = await InProcessServer.StartAsync(temp.Sub("data"), workflows, b => SurveyPageTests.SendEmailTo(b, outbox));
        using var agent = await server.ClientAsync("agent");
        using var supervisor = await server.ClientAsync("supervisor");
        using var manager = await server.ClientAsync("manager");
        using var customer = server.Anonymous();

        var filed = await agent.PostAsJsonAsync("/api/cases", new { type = "complaint", channel = "email", customer = new { name = "Li Wei", email = "li.wei@example.com" }, description = "Late delivery." });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var created = await CaseApi.JsonAsync(filed);
        var caseId = created.Text("id");

        // This workflow hands out no task, so the agent reads the case as its owner.
        var transfer = await supervisor.PostAsJsonAsync($"/api/cases/{caseId}/transfer", new { toOwner = "agent", reason = "Handles the customer" });
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        NotificationMessage? invitation = null;
        await Wait.UntilAsync(() => (invitation = outbox.All.FirstOrDefault(m => m.IdempotencyKey.StartsWith("survey-invite:", StringComparison.Ordinal))) is not null, CaseApi.Patience, "the invitation went out");
        var link = LinkPattern().Match(invitation!.Body).Value;
        var token = link["/s/".Length..];
        await Wait.UntilAsync(async () => (await RawAsync(supervisor, $"/api/cases/{caseId}")).Contains("Email sent to Li Wei: How satisfied", StringComparison.Ordinal), CaseApi.Patience, "the sent invitation is on the timeline");

        var instanceId = created.Text("workflowInstanceId");
        string[] reads =
        [
            await RawAsync(agent, $"/api/cases/{caseId}"),
            await RawAsync(supervisor, $"/api/cases/{caseId}"),
            await RawAsync(manager, $"/api/cases/{caseId}"),
            await RawAsync(manager, $"/api/cases?search={created.Text("number")}"),
            await RawAsync(manager, $"/api/workflow-instances/{instanceId}"),
            await RawAsync(manager, $"/api/workflow-instances/{instanceId}/journal"),
        ];
        Assert.All(reads, read =>
        {
            Assert.DoesNotContain(token, read, StringComparison.Ordinal);
            Assert.DoesNotContain("/s/", read, StringComparison.Ordinal);
        });
        Assert.Contains("Survey sent", reads[0], StringComparison.Ordinal);
        Assert.Contains("by email; expires ", reads[0], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync(link, new { score = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await customer.PostAsJsonAsync(link, new { score = 1 })).StatusCode);
    }

    private static async Task<string> RawAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("/s/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();
}
