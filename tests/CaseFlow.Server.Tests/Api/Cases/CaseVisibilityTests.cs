using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Server.Tests.Api.Cases;

/// <summary>
/// Who reads which case over real HTTP (issue 9): supervisors, managers and admins every case; an agent a case they
/// own or one with a task that is theirs or open to their role, and there only the values of the tasks they may
/// see; anyone else gets 404 for the case, as for one that does not exist. Each case is seeded with a known owner
/// and tasks, and a secret in a completed task's form.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CaseVisibilityTests(WorkflowHostFixture host) : IClassFixture<WorkflowHostFixture>
{
    private InProcessServer Server => host.Server;

    [Fact]
    public async Task AnAgentRefusedATask_CannotReadItsFormValues_ThroughTheCase_TheSearch_OrANote()
    {
        var seeded = await SeedAsync(otherTaskRole: CaseRoles.Supervisor);
        using var agent2 = await Server.ClientAsync("agent2");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent2.GetAsync($"/api/tasks/{seeded.SecretTaskId}")).StatusCode);
        var byId = await agent2.GetAsync($"/api/cases/{seeded.Case.Id}");
        var byNumber = await agent2.GetAsync($"/api/cases/{seeded.Case.Number}");
        var search = await agent2.GetAsync($"/api/cases?search={seeded.Marker}");
        var note = await agent2.PostAsJsonAsync($"/api/cases/{seeded.Case.Id}/notes", new { text = "Just looking" });

        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byNumber.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, note.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(0, (await CaseApi.JsonAsync(search)).GetProperty("total").GetInt32());
        foreach (var response in new[] { byId, byNumber, search, note })
            Assert.DoesNotContain(seeded.Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Told apart from a case that does not exist by nothing but the id.
        var unknown = await agent2.GetAsync("/api/cases/CF-1999-999999");
        Assert.Equal((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), (await byId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task OnACaseAnAgentSeesThroughATaskOpenToTheirRole_TheValuesOfTasksTheyMayNotSee_AreWithheld()
    {
        var seeded = await SeedAsync(otherTaskRole: CaseRoles.Agent);
        using var agent2 = await Server.ClientAsync("agent2");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent2.GetAsync($"/api/tasks/{seeded.SecretTaskId}")).StatusCode);
        var response = await agent2.GetAsync($"/api/cases/{seeded.Case.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(seeded.Secret, body, StringComparison.Ordinal);
        var tasks = JsonDocument.Parse(body).RootElement.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.Text("id"));
        Assert.True(tasks[seeded.SecretTaskId].GetProperty("dataWithheld").GetBoolean());
        Assert.Empty(tasks[seeded.SecretTaskId].GetProperty("data").EnumerateObject());
        Assert.False(tasks[seeded.OtherTaskId].GetProperty("dataWithheld").GetBoolean());
        Assert.Equal([seeded.Case.Id], CaseApi.Ids(await CaseApi.GetJsonAsync(agent2, $"/api/cases?search={seeded.Marker}")));
    }

    /// <summary>The role table of the README's security section, one row per demo user.</summary>
    [Theory]
    [InlineData("agent", HttpStatusCode.OK)] // owns the case
    [InlineData("agent2", HttpStatusCode.NotFound)] // another agent, no task of theirs or of their role
    [InlineData("supervisor", HttpStatusCode.OK)]
    [InlineData("manager", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("owner", HttpStatusCode.Forbidden)] // a process owner designs workflows and reads no cases
    public async Task EachRole_ReadsTheCaseAndItsTasksValues_OnlyAsTheVisibilityRuleSays(string user, HttpStatusCode expected)
    {
        var seeded = await SeedAsync(otherTaskRole: CaseRoles.Supervisor);
        using var http = await Server.ClientAsync(user);

        var details = await http.GetAsync($"/api/cases/{seeded.Case.Number}");
        var search = await http.GetAsync($"/api/cases?search={seeded.Marker}");

        Assert.Equal(expected, details.StatusCode);
        var body = await details.Content.ReadAsStringAsync();
        Assert.Equal(expected == HttpStatusCode.OK, body.Contains(seeded.Secret, StringComparison.Ordinal));
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal(HttpStatusCode.Forbidden, search.StatusCode);
            return;
        }

        var found = CaseApi.Ids(await CaseApi.JsonAsync(search));
        Assert.Equal(expected == HttpStatusCode.OK ? [seeded.Case.Id] : [], found);
    }

    [Fact]
    public async Task AnAgentWhoCompletedATask_StillSeesItsCase_AfterTheCaseMovedToAnotherOwner()
    {
        var seeded = await SeedAsync(otherTaskRole: CaseRoles.Supervisor, owner: "agent2");
        using var agent = await Server.ClientAsync("agent");

        var details = await CaseApi.GetJsonAsync(agent, $"/api/cases/{seeded.Case.Id}");

        var secretTask = details.GetProperty("tasks").EnumerateArray().Single(t => t.Text("id") == seeded.SecretTaskId);
        Assert.Equal(seeded.Secret, secretTask.GetProperty("data").GetProperty("resolution").GetString());
    }

    [Fact]
    public async Task TheAgentWhoFiledACase_ReadsIt_ButNotTheValuesOfTasksThatAreNotTheirs()
    {
        var seeded = await SeedAsync(otherTaskRole: CaseRoles.Supervisor, createdBy: "agent2");
        using var agent2 = await Server.ClientAsync("agent2");

        var response = await agent2.GetAsync($"/api/cases/{seeded.Case.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(seeded.Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record Seeded(Case Case, string SecretTaskId, string OtherTaskId, string Marker, string Secret);

    /// <summary>
    /// A case owned by <paramref name="owner"/> with a task that owner completed (a secret in its form) and an open
    /// unassigned task for <paramref name="otherTaskRole"/>.
    /// </summary>
    private async Task<Seeded> SeedAsync(string otherTaskRole, string owner = "agent", string? createdBy = null)
    {
        var marker = "vis" + Guid.NewGuid().ToString("N")[..12];
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer { Id = NewId(), Name = "Seeded Customer", Phone = CaseApi.UniquePhone(), CreatedAt = now, UpdatedAt = now };
        var seededCase = new Case
        {
            Id = NewId(),
            Number = $"VIS-{marker}",
            CustomerId = customer.Id,
            Description = $"Seeded for visibility {marker}",
            Owner = owner,
            CreatedBy = createdBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var done = Seed.NewTask(seededCase, now, assignee: "agent", candidateRole: CaseRoles.Agent, CaseTaskStatus.Completed);
        done.CompletedBy = "agent";
        done.CompletedAt = now;
        done.Outcome = "Done";
        done.Data = new Dictionary<string, object?> { ["resolution"] = secret };
        var open = Seed.NewTask(seededCase, now, assignee: null, candidateRole: otherTaskRole, CaseTaskStatus.Open);
        await using (var db = await Server.Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContextAsync())
        {
            db.AddRange(customer, seededCase, done, open);
            await db.SaveChangesAsync();
        }

        return new Seeded(seededCase, done.Id, open.Id, marker, secret);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
