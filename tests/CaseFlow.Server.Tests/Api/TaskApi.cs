using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Server.Tests.Api.Cases;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api;

/// <summary>Working a case's tasks over HTTP, as the inbox does: wait until the task shows in a view, then complete it.</summary>
internal static class TaskApi
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Completes the open task of an activity once it shows in <paramref name="view"/>; fails unless the answer is 200.</summary>
    public static async Task CompleteAsync(HttpClient client, string caseId, string view, string activityId, string outcome, object data)
    {
        var response = await TryCompleteAsync(client, caseId, view, activityId, outcome, data);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{activityId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Completes the open task of an activity once it shows in <paramref name="view"/>, and answers what the server said.</summary>
    public static async Task<HttpResponseMessage> TryCompleteAsync(HttpClient client, string caseId, string view, string activityId, string outcome, object data)
    {
        JsonElement task = default;
        await Wait.UntilAsync(async () => (task = await FindAsync(client, caseId, view, activityId)).ValueKind == JsonValueKind.Object, Patience, $"task {activityId} appeared in {view}");
        return await client.PostAsJsonAsync($"/api/tasks/{task.Text("id")}/complete", new { outcome, data });
    }

    public static async Task<JsonElement> FindAsync(HttpClient client, string caseId, string view, string activityId) =>
        (await CaseApi.GetJsonAsync(client, $"/api/tasks?view={view}&caseId={caseId}&status=Open")).GetProperty("items").EnumerateArray()
            .FirstOrDefault(t => t.GetProperty("activityId").GetString() == activityId);
}
