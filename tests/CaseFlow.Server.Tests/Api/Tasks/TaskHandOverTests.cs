using System.Net;
using System.Net.Http.Json;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Server.Tests.Api.Tasks;

/// <summary>What completing a task answers when the completion is saved but its workflow cannot take it yet.</summary>
[Collection(HostCollection.Name)]
public sealed class TaskHandOverTests
{
    [Fact]
    public async Task ACompletionTheWorkflowCannotTakeYet_Answers202WithTheCompletedTask_AndTheSweepHandsItOverLater()
    {
        using var temp = new TempDirectory();
        var commits = new CommitFailures();
        await using var server = await InProcessServer.StartAsync(temp.Sub("data"), RepositoryPaths.Workflows, b => commits.AddTo(b.Services));
        using var agent = await server.ClientAsync("agent");
        using var supervisor = await server.ClientAsync("supervisor");
        var id = (await CaseApi.FileAsync(agent)).Text("id");
        var classify = (await CaseApi.WaitForTaskAsync(supervisor, id, "classify")).Text("id");
        string instanceId;
        await using (var db = await server.Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContextAsync())
            instanceId = (await db.Cases.SingleAsync(c => c.Id == id)).WorkflowInstanceId!;
        commits.FailCommitsOf(instanceId);
        var body = new { outcome = "Classified", data = new { category = "price", responsibility = "Ours: the promotion was misleading" } };

        var response = await agent.PostAsJsonAsync($"/api/tasks/{classify}/complete", body);
        var again = await agent.PostAsJsonAsync($"/api/tasks/{classify}/complete", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/tasks/{classify}", response.Headers.Location?.OriginalString);
        var accepted = await CaseApi.JsonAsync(response);
        Assert.Equal(("Completed", "agent"), (accepted.Text("status"), accepted.Text("completedBy")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, accepted.GetProperty("resumedAt").ValueKind);
        Assert.True(commits.Refused > 0, "the hand-over was attempted");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("completed by agent", (await CaseApi.JsonAsync(again)).Text("detail"), StringComparison.Ordinal);

        commits.Heal(instanceId);
        await server.Get<TaskCommands>().ResumeCompletedAsync();

        await CaseApi.WaitForTaskAsync(supervisor, id, "initialHandling");
        var taken = await CaseApi.GetJsonAsync(agent, $"/api/tasks/{classify}");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, taken.GetProperty("resumedAt").ValueKind);
    }
}
