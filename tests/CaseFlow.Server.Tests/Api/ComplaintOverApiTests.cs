using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api;

/// <summary>
/// A complaint from <c>POST /api/cases</c> to its archive through the HTTP API alone (agents' and the customer's
/// requests), on the host <c>Program</c> builds (WebApplicationFactory, Kestrel on a random port): the shipped complaint
/// workflow, a SQLite file, Hangfire delivering the outbox and the timer sweep firing due timers. Only time is moved
/// by the test (a day for the follow-up).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ComplaintOverApiTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();
    private readonly AdjustableClock _clock = new();
    private readonly SentMessages _email = new("email");
    private readonly ProgramHost _server;

    public ComplaintOverApiTests() =>
        _server = ProgramHost.Start(_temp.Sub("data"), RepositoryPaths.Workflows, s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<CaseFlow.Cases.Features.Notifications.INotificationChannel>(_email);
        });

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task AComplaint_GoesFromIntakeToArchive_UsingOnlyTheApi()
    {
        using var agent = await _server.ClientAsync("agent");
        using var customer = _server.Anonymous();

        var filed = await agent.PostAsJsonAsync("/api/cases", new
        {
            type = "complaint",
            channel = "phone",
            customer = new { name = "Li Wei", phone = "+86 138 0000 0001", email = "li.wei@example.com" },
            description = "The promotion price was not applied to order 7781.",
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var created = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var caseId = created.GetProperty("id").GetString()!;
        Assert.NotNull(filed.Headers.Location);
        Assert.False(string.IsNullOrEmpty(created.GetProperty("workflowInstanceId").GetString()));

        await CaseApi.CompleteAsync(agent, caseId, "available", "classify", "Classified", new { category = "price" });
        await CaseApi.CompleteAsync(agent, caseId, "mine", "initialHandling", "Resolved", new { initialResult = "Explained the promotion terms." });
        await CaseApi.CompleteAsync(agent, caseId, "mine", "priceCheck", "Done", new { priceCheck = "The discount was missing from the checkout." });
        await CaseApi.CompleteAsync(agent, caseId, "mine", "resolve", "Resolved", new { resolution = "Refunded the difference.", customerOpinion = "Make promotions clearer." });
        await CaseApi.CompleteAsync(agent, caseId, "mine", "feedback", "FedBack", new { feedbackChannel = "phone", customerSatisfied = true });

        // The result goes to the department concerned (price: finance) as a task of its own; a supervisor takes it.
        using (var supervisor = await _server.ClientAsync("supervisor"))
            await CaseApi.CompleteAsync(supervisor, caseId, "available", "resultToDepartments", "Reviewed", new { departmentReview = "Promotion checks added to the release list." });

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await CaseApi.CompleteAsync(agent, caseId, "mine", "followUp", "Done", new { followUpNote = "The refund arrived." });

        // The customer's email has the link; the case, as the agent reads it, does not.
        string? link = null;
        await Wait.UntilAsync(() => (link = _email.SurveyLink()) is not null, Patience, "the survey invitation was sent");
        Assert.DoesNotContain("/s/", (await CaseApi.GetJsonAsync(agent, $"/api/cases/{caseId}")).GetRawText(), StringComparison.Ordinal);
        var answer = await customer.PostAsJsonAsync(link!, new { score = 5, comment = "Quick and friendly." });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        JsonElement details = default;
        await Wait.UntilAsync(async () => (details = await CaseApi.GetJsonAsync(agent, $"/api/cases/{caseId}")).GetProperty("status").GetString() == "Archived", Patience, "the case was archived");
        var timeline = details.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("title").GetString()!).ToList();
        Assert.Contains(timeline, t => t.StartsWith("SLA complaint.resolution met", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Survey answered: 5/5", StringComparison.Ordinal));
        Assert.Contains("Archived with its process history and result", timeline);
        Assert.All(details.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("Completed", t.GetProperty("status").GetString()));
        Assert.Equal("Refunded the difference.", details.GetProperty("fields").GetProperty("handlingResult").GetString());
    }

}
