using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests.Surveys;

/// <summary>
/// The customer's survey page over real HTTP on the real host (Hangfire delivers the outbox): the link in the
/// customer's email opens a form, the answer resumes the case's workflow, the link then refuses a second answer.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SurveyPageTests
{
    internal const string SurveyWorkflow = """
        {
          "id": "complaint-handling-survey-v1", "definitionId": "complaint-handling", "name": "Survey only", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start", "metadata": { "designer": { "position": { "x": 0, "y": 0 } } } },
              { "id": "survey", "type": "CaseFlow.SendSurvey", "metadata": { "designer": { "position": { "x": 200, "y": 0 } } } },
              { "id": "happy", "type": "CaseFlow.SetCase", "status": { "typeName": "String", "expression": { "type": "Literal", "value": "Closed" } } },
              { "id": "unhappy", "type": "CaseFlow.SetCase", "status": { "typeName": "String", "expression": { "type": "Literal", "value": "FollowUp" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "survey", "port": "In" } },
              { "source": { "activity": "survey", "port": "Positive" }, "target": { "activity": "happy", "port": "In" } },
              { "source": { "activity": "survey", "port": "Negative" }, "target": { "activity": "unhappy", "port": "In" } }
            ]
          }
        }
        """;

    [Fact]
    public async Task TheInvitationsLink_OpensTheForm_TheAnswerResumesTheWorkflow_AndTheLinkIsSingleUse()
    {
        using var temp = new TempDirectory();
        var workflows = temp.Sub("workflows");
        await File.WriteAllTextAsync(Path.Combine(workflows, "complaint-handling.json"), SurveyWorkflow);
        var outbox = new SentMessages(OutboxChannel);
        await using var server = await InProcessServer.StartAsync(temp.Sub("data"), workflows, b => SendEmailTo(b, outbox));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var filed = await server.Get<CreateCaseHandler>().HandleAsync(new CreateCase("complaint", "email", new CustomerInput("Li Wei", null, "li.wei@example.com", null), "Late delivery.", null, null, Actor.Of("agent", CaseRoles.Agent)));
        NotificationMessage? invitation = null;
        await Wait.UntilAsync(() => (invitation = outbox.All.FirstOrDefault(m => m.IdempotencyKey.StartsWith("survey-invite:", StringComparison.Ordinal))) is not null, TimeSpan.FromSeconds(20), "the invitation was sent");
        var token = Regex.Match(invitation!.Body, "/s/([A-Za-z0-9_-]{43})").Groups[1].Value;

        var page = await http.GetAsync($"/s/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("How satisfied are you with how we handled case " + filed.Number, html, StringComparison.Ordinal);
        Assert.Contains("name=\"score\"", html, StringComparison.Ordinal);

        var invalid = await http.PostAsync($"/s/{token}", new FormUrlEncodedContent([new("score", "9")]));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var answered = await http.PostAsync($"/s/{token}", new FormUrlEncodedContent([new("score", "2"), new("comment", "Too slow <b>really</b>")]));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await Wait.UntilAsync(() => Status(server, filed.Id) == CaseStatus.FollowUp, TimeSpan.FromSeconds(20), "the negative answer took the workflow to FollowUp");

        var again = await http.PostAsJsonAsync($"/s/{token}", new { score = 5 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/s/not-a-real-token")).StatusCode);
        var malformed = await http.PostAsync($"/s/{token}", new StringContent("{\"score\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    internal const string OutboxChannel = "test-outbox";

    /// <summary>Email goes to <paramref name="outbox"/>, where a test reads what the customer receives.</summary>
    internal static void SendEmailTo(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder, SentMessages outbox)
    {
        builder.Configuration["CaseFlow:Notifications:Channels:email"] = outbox.Name;
        builder.Services.AddSingleton<INotificationChannel>(outbox);
    }

    private static CaseStatus Status(InProcessServer server, string caseId)
    {
        using var db = server.Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContext();
        return db.Cases.AsNoTracking().Single(c => c.Id == caseId).Status;
    }
}
