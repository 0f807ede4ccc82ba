using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api.Cases;

/// <summary>The case API over real HTTP on the real host, with the shipped complaint and inquiry workflows.</summary>
[Collection(HostCollection.Name)]
public sealed class CaseEndpointsTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private InProcessServer Server => host.Server;

    [Fact]
    public async Task Intake_WithAnIdempotencyKey_FilesOneCase_HoweverOftenItIsSent_AndTheKeyIsTheSendersOwn()
    {
        using var agent = await Server.ClientAsync("agent");
        using var agent2 = await Server.ClientAsync("agent2");
        var key = "crm-ticket-" + Guid.NewGuid().ToString("N");
        var phone = CaseApi.UniquePhone();

        // Sent again and again, some at the same time (a client retrying after a lost answer, or impatiently).
        var sends = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostIntakeAsync(agent, key, phone)));
        var other = await PostIntakeAsync(agent2, key, phone);

        Assert.All(sends, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = (await Task.WhenAll(sends.Select(async r => (await CaseApi.JsonAsync(r)).Text("id")))).Distinct().ToList();
        Assert.Single(ids);
        var otherId = (await CaseApi.JsonAsync(other)).Text("id");
        Assert.NotEqual(ids[0], otherId);
        // No second case of the sender's behind the answers (the other agent's case has the same phone, and shows as
        // soon as its first task is handed out).
        var found = await CaseApi.GetJsonAsync(agent, $"/api/cases?search={Uri.EscapeDataString(phone)}");
        Assert.Equal(ids, CaseApi.Ids(found).Where(id => id != otherId));
    }

    [Fact]
    public async Task Intake_WithAnOverlongIdempotencyKey_Answers400_NamingTheHeader()
    {
        using var agent = await Server.ClientAsync("agent");

        var response = await PostIntakeAsync(agent, new string('k', 201), CaseApi.UniquePhone());

        Assert.Contains("Idempotency-Key", await CaseApi.ErrorFieldsAsync(response));
    }

    private static Task<HttpResponseMessage> PostIntakeAsync(HttpClient client, string key, string phone)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { type = "complaint", channel = "phone", customer = new { name = "Wang Fang", phone }, description = "Charged twice for one order." }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Intake_Answers201_WithTheCasesLocation_TheCase_AndItsWorkflowInstance()
    {
        using var agent = await Server.ClientAsync("agent");

        var response = await agent.PostAsJsonAsync("/api/cases", new
        {
            type = "complaint",
            channel = "email",
            customer = new { name = "Li Wei", email = "li.wei@example.com", segment = "vip" },
            description = "The kettle stopped working after two days.",
            priority = "high",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await CaseApi.JsonAsync(response);
        var id = body.Text("id");
        Assert.Equal($"/api/cases/{id}", response.Headers.Location!.OriginalString);
        Assert.Matches(@"^CF-\d{4}-\d{6}$", body.Text("number"));
        Assert.Equal("Complaint", body.Text("type"));
        Assert.Equal("Email", body.Text("channel"));
        Assert.Equal("High", body.Text("priority"));
        Assert.Equal("New", body.Text("status"));
        Assert.Equal("case-" + id, body.Text("workflowInstanceId"));
        Assert.Equal("complaint-handling", body.Text("workflowDefinitionId"));
        Assert.Equal("Li Wei", body.GetProperty("customer").Text("name"));
        Assert.Equal("Vip", body.GetProperty("customer").Text("segment"));
        var fetched = await CaseApi.GetJsonAsync(agent, response.Headers.Location.OriginalString);
        Assert.Equal(body.Text("number"), fetched.Text("number"));
    }

    [Fact]
    public async Task Intake_NamesEveryInvalidField_AndNeverAnswers500()
    {
        using var agent = await Server.ClientAsync("agent");
        using var manager = await Server.ClientAsync("manager");

        var empty = await agent.PostAsJsonAsync("/api/cases", new { customer = new { } });
        var wrong = await agent.PostAsJsonAsync("/api/cases", new { type = "banana", channel = "fax", customer = new { name = "Li Wei", email = "not-an-email" }, description = "Late.", priority = "asap" });
        var wrongCategory = await agent.PostAsJsonAsync("/api/cases", new { type = "complaint", channel = "phone", customer = new { name = "Li Wei", phone = CaseApi.UniquePhone() }, description = "Late.", category = "common" });
        var numericType = await agent.PostAsync("/api/cases", new StringContent("""{"type": 5, "channel": "phone"}""", Encoding.UTF8, "application/json"));
        var malformed = await agent.PostAsync("/api/cases", new StringContent("""{"type": """, Encoding.UTF8, "application/json"));
        var noBody = await agent.PostAsync("/api/cases", null);
        var byManager = await manager.PostAsJsonAsync("/api/cases", new { type = "complaint" });

        Assert.Equal(["channel", "customer.name", "customer.phone", "description", "type"], (await CaseApi.ErrorFieldsAsync(empty)).Order(StringComparer.Ordinal));
        Assert.Equal(["channel", "customer.email", "priority", "type"], (await CaseApi.ErrorFieldsAsync(wrong)).Order(StringComparer.Ordinal));
        Assert.Equal(["category"], await CaseApi.ErrorFieldsAsync(wrongCategory));
        Assert.Equal(["type"], await CaseApi.ErrorFieldsAsync(numericType));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("type", await CaseApi.ErrorFieldsAsync(noBody));
        Assert.Equal(HttpStatusCode.Forbidden, byManager.StatusCode);
    }

    [Fact]
    public async Task Search_FiltersByTextTypeCategoryStatusCustomerAndIntakeDate_OnePageAtATime()
    {
        using var agent = await Server.ClientAsync("agent");
        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        var price = await CaseApi.FileAsync(agent, name: $"Ana {marker}", category: "price");
        var inquiry = await CaseApi.FileAsync(agent, type: "inquiry", channel: "email", description: $"When do you open? {marker}");
        var online = await CaseApi.FileAsync(agent, channel: "online", description: $"Rude staff {marker}");
        var after = DateTime.UtcNow.AddMinutes(1);

        async Task<JsonElement> SearchAsync(string query) => await CaseApi.GetJsonAsync(agent, $"/api/cases?search={marker}&{query}");
        static int Total(JsonElement page) => page.GetProperty("total").GetInt32();

        Assert.Equal(3, Total(await SearchAsync("")));
        Assert.Equal([inquiry.Text("id")], CaseApi.Ids(await SearchAsync("type=inquiry")));
        Assert.Equal([price.Text("id")], CaseApi.Ids(await SearchAsync("category=price")));
        Assert.Equal([price.Text("id")], CaseApi.Ids(await SearchAsync("customerId=" + price.Text("customerId"))));
        Assert.Equal(3, Total(await SearchAsync("status=new")));
        Assert.Equal(0, Total(await SearchAsync("status=Archived")));
        Assert.Equal(3, Total(await SearchAsync("createdTo=" + after.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Assert.Equal(3, Total(await SearchAsync("createdFrom=" + Uri.EscapeDataString(after.AddHours(-1).ToString("o", CultureInfo.InvariantCulture)))));
        Assert.Equal(0, Total(await SearchAsync("createdFrom=" + after.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Assert.Equal([price.Text("id")], CaseApi.Ids(await CaseApi.GetJsonAsync(agent, "/api/cases?search=" + price.Text("number"))));

        var first = await SearchAsync("pageSize=2");
        var second = await SearchAsync("pageSize=2&page=2");
        Assert.Equal(3, Total(first));
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.Equal([online.Text("id"), inquiry.Text("id")], CaseApi.Ids(first));
        Assert.Equal([price.Text("id")], CaseApi.Ids(second));
    }

    [Fact]
    public async Task Search_RefusesBadFilters_NamingEachOne_ButTakesExtremeDates()
    {
        using var agent = await Server.ClientAsync("agent");

        var response = await agent.GetAsync("/api/cases?status=bogus&type=1&createdFrom=yesterday&createdTo=2026-13-45&page=0&pageSize=abc");
        var backwards = await agent.GetAsync("/api/cases?createdFrom=2026-02-01&createdTo=2026-01-01");
        var extremes = await agent.GetAsync("/api/cases?createdFrom=0001-01-01&createdTo=9999-12-31&pageSize=200&search=%25_");

        Assert.Equal(["createdFrom", "createdTo", "page", "pageSize", "status", "type"], (await CaseApi.ErrorFieldsAsync(response)).Order(StringComparer.Ordinal));
        Assert.Equal(["createdTo"], await CaseApi.ErrorFieldsAsync(backwards));
        Assert.Equal(HttpStatusCode.OK, extremes.StatusCode);
    }

    [Fact]
    public async Task Details_ByIdOrNumber_ShowTheCustomerTasksSlasMessagesAndTimeline()
    {
        using var agent = await Server.ClientAsync("agent");
        var filed = await CaseApi.FileAsync(agent, name: "Details Customer");
        var id = filed.Text("id");

        var details = await CaseApi.PollAsync<object>(async () =>
        {
            var d = await CaseApi.GetJsonAsync(agent, $"/api/cases/{id}");
            return d.GetProperty("tasks").GetArrayLength() >= 1 && d.GetProperty("slas").GetArrayLength() >= 2 && d.GetProperty("messages").GetArrayLength() >= 1 ? d : null;
        }, "the workflow handed out the first task, started both SLA clocks and acknowledged the complaint");
        var json = (JsonElement)details;

        Assert.Equal("Details Customer", json.GetProperty("customer").Text("name"));
        var task = json.GetProperty("tasks")[0];
        Assert.Equal("classify", task.Text("activityId"));
        Assert.Equal(filed.Text("number"), task.Text("caseNumber"));
        Assert.Equal("Open", task.Text("status"));
        var slas = json.GetProperty("slas").EnumerateArray().ToList();
        Assert.Equal(["complaint.firstResponse", "complaint.resolution"], slas.Select(s => s.Text("name")).Order(StringComparer.Ordinal));
        Assert.All(slas, s => Assert.Equal("Running", s.Text("status")));
        var message = json.GetProperty("messages")[0];
        Assert.Equal("Customer", message.Text("recipientKind"));
        Assert.Equal("Details Customer", message.Text("recipient"));
        var timeline = json.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, t => t.Text("kind") == "Case" && t.Text("title") == "Complaint received by phone" && t.Text("actor") == "agent");
        Assert.Contains(timeline, t => t.Text("source") == "workflow");
        Assert.Contains(timeline, t => t.Text("kind") == "Task");
        Assert.Equal(0, json.GetProperty("notes").GetArrayLength());
        Assert.Equal(0, json.GetProperty("transfers").GetArrayLength());

        var byNumber = await CaseApi.GetJsonAsync(agent, $"/api/cases/{filed.Text("number")}");
        Assert.Equal(id, byNumber.Text("id"));
        var missing = await agent.GetAsync("/api/cases/CF-1999-000000");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Notes_AreAddedByIdOrNumber_AndShownOnTheCase_AndAnEmptyNoteIsRefused()
    {
        using var agent = await Server.ClientAsync("agent");
        var filed = await CaseApi.FileAsync(agent);
        var id = filed.Text("id");

        var added = await agent.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "Customer called back about the kettle." });
        var byNumber = await agent.PostAsJsonAsync($"/api/cases/{filed.Text("number")}/notes", new { text = "Sent the return label." });
        var empty = await agent.PostAsJsonAsync($"/api/cases/{id}/notes", new { text = "  " });
        var unknown = await agent.PostAsJsonAsync("/api/cases/no-such-case/notes", new { text = "Hello" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var note = await CaseApi.JsonAsync(added);
        Assert.Equal("agent", note.Text("author"));
        Assert.Equal("Customer called back about the kettle.", note.Text("text"));
        Assert.Equal(HttpStatusCode.Created, byNumber.StatusCode);
        Assert.Equal(["text"], await CaseApi.ErrorFieldsAsync(empty));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var details = await CaseApi.GetJsonAsync(agent, $"/api/cases/{id}");
        Assert.Equal(["Customer called back about the kettle.", "Sent the return label."], details.GetProperty("notes").EnumerateArray().Select(n => n.Text("text")));
        Assert.Contains(details.GetProperty("timeline").EnumerateArray(), t => t.Text("kind") == "Note" && t.Text("detail") == "Sent the return label.");
    }

    [Fact]
    public async Task Transfer_ByTheOwner_HandsTheCaseAndItsOpenTasksOver_AndOthersAreRefused()
    {
        using var agent = await Server.ClientAsync("agent");
        using var agent2 = await Server.ClientAsync("agent2");
        using var supervisor = await Server.ClientAsync("supervisor");
        var filed = await CaseApi.FileAsync(agent);
        var id = filed.Text("id");
        var classify = await CaseApi.WaitForTaskAsync(supervisor, id, "classify");
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/tasks/{classify.Text("id")}/claim", null)).StatusCode);

        var notOwner = await agent2.PostAsJsonAsync($"/api/cases/{id}/transfer", new { toOwner = "agent2", reason = "I will take it" });
        var incomplete = await agent.PostAsJsonAsync($"/api/cases/{id}/transfer", new { });
        var transferred = await agent.PostAsJsonAsync($"/api/cases/{id}/transfer", new { toOwner = "agent2", reason = "My shift ends" });

        // agent2 has no task on the case any more and may not even read it: refused as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, notOwner.StatusCode);
        Assert.Equal(["reason", "toOwner"], (await CaseApi.ErrorFieldsAsync(incomplete)).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);
        var transfer = await CaseApi.JsonAsync(transferred);
        Assert.Equal("agent", transfer.Text("fromOwner"));
        Assert.Equal("agent2", transfer.Text("toOwner"));
        Assert.Equal("My shift ends", transfer.Text("reason"));
        var details = await CaseApi.GetJsonAsync(agent2, $"/api/cases/{id}");
        Assert.Equal("agent2", details.Text("owner"));
        Assert.Single(details.GetProperty("transfers").EnumerateArray());
        Assert.Equal("agent2", details.GetProperty("tasks").EnumerateArray().Single(t => t.Text("id") == classify.Text("id")).Text("assignee"));

        var bySupervisor = await supervisor.PostAsJsonAsync($"/api/cases/{filed.Text("number")}/transfer", new { toOwner = "agent", reason = "Back to the first handler" });
        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
    }
}
