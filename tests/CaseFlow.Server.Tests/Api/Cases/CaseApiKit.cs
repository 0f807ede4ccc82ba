using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Server.Tests.Api.Cases;

/// <summary>
/// One real host with the repository's workflows (complaint-handling, inquiry-handling) published, shared by the
/// tests of a class. Tests keep to their own cases (unique markers and phone numbers), so sharing it is safe.
/// </summary>
public sealed class WorkflowHostFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();

    internal InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InProcessServer.StartAsync(_temp.Sub("data"), RepositoryPaths.Workflows);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _temp.Dispose();
}

/// <summary>Shortcuts over the HTTP API: file cases, wait for the workflow's next task, read problem details.</summary>
internal static class CaseApi
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A phone number no other case uses, so intake does not find an existing customer.</summary>
    public static string UniquePhone() => "+1 555 " + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<JsonElement> FileAsync(HttpClient http, string type = "complaint", string channel = "phone", string? name = null, string description = "The kettle stopped working after two days.", string? category = null, string? phone = null)
    {
        var response = await http.PostAsJsonAsync("/api/cases", new { type, channel, customer = new { name = name ?? "Li Wei", phone = phone ?? UniquePhone() }, description, category });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await JsonAsync(response);
    }

    /// <summary>The fields a 400's problem details names.</summary>
    public static async Task<IReadOnlyList<string>> ErrorFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await JsonAsync(response);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>Polls until <paramref name="probe"/> returns a value (the outbox is delivered by Hangfire, asynchronously).</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        T? found = null;
        await Wait.UntilAsync(async () => (found = await probe()) is not null, Patience, what);
        return found!;
    }

    /// <summary>Waits until the case's workflow has handed out the open task of <paramref name="activityId"/>; reads it as an overseer.</summary>
    public static async Task<JsonElement> WaitForTaskAsync(HttpClient overseer, string caseId, string activityId)
    {
        var task = await PollAsync<object>(async () =>
        {
            var page = await GetJsonAsync(overseer, $"/api/tasks?view=all&caseId={caseId}");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("activityId").GetString() == activityId)
                    return item;
            }

            return null;
        }, $"the {activityId} task of case {caseId} was handed out");
        return (JsonElement)task;
    }

    /// <summary>Waits until <paramref name="activityId"/>'s task of the case shows in <paramref name="view"/>, then completes it (200 expected).</summary>
    public static async Task CompleteAsync(HttpClient client, string caseId, string view, string activityId, string outcome, object data)
    {
        JsonElement task = default;
        await Wait.UntilAsync(async () => (task = await FindTaskAsync(client, caseId, view, activityId)).ValueKind == JsonValueKind.Object, Patience, $"task {activityId} appeared in {view}");
        var response = await client.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { outcome, data });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{activityId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> FindTaskAsync(HttpClient client, string caseId, string view, string activityId) =>
        (await GetJsonAsync(client, $"/api/tasks?view={view}&caseId={caseId}")).GetProperty("items").EnumerateArray()
            .FirstOrDefault(t => t.GetProperty("activityId").GetString() == activityId);

    public static IReadOnlyList<string?> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}

/// <summary>Rows written straight into the host's database: datasets with known times and states.</summary>
internal sealed class Seed(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    private int _next;

    public async Task<Customer> CustomerAsync(string name = "Seeded Customer")
    {
        var customer = new Customer { Id = NewId(), Name = name, Phone = CaseApi.UniquePhone(), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        await AddAsync(customer);
        return customer;
    }

    public async Task<Case> CaseAsync(Customer customer, DateTimeOffset createdAt, CaseType type = CaseType.Complaint, CaseChannel channel = CaseChannel.Phone, string? category = null, CaseStatus status = CaseStatus.New)
    {
        var id = NewId();
        var seeded = new Case
        {
            Id = id,
            Number = $"SEED-{createdAt.Year}-{Interlocked.Increment(ref _next):D6}-{id[..6]}",
            Type = type,
            Channel = channel,
            CustomerId = customer.Id,
            Description = "Seeded case",
            Category = category,
            Status = status,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
        };
        await AddAsync(seeded);
        return seeded;
    }

    public async Task<CaseTask> TaskAsync(Case owner, DateTimeOffset createdAt, DateTimeOffset? dueAt = null, string? assignee = null, string? candidateRole = CaseRoles.Agent, CaseTaskStatus status = CaseTaskStatus.Open)
    {
        var task = NewTask(owner, createdAt, assignee, candidateRole, status);
        task.DueAt = dueAt;
        await AddAsync(task);
        return task;
    }

    /// <summary>A task of <paramref name="owner"/> with one form field (<c>resolution</c>), not yet saved: tests shape it further.</summary>
    public static CaseTask NewTask(Case owner, DateTimeOffset createdAt, string? assignee, string? candidateRole, CaseTaskStatus status) => new()
    {
        Id = NewId(),
        CaseId = owner.Id,
        WorkflowInstanceId = "seeded-" + owner.Id,
        ActivityId = "seeded",
        ActivityInstanceId = NewId(),
        Title = "Seeded task",
        Assignee = assignee,
        CandidateRole = candidateRole,
        Outcomes = ["Done"],
        Form = [new FormField { Name = "resolution" }],
        Status = status,
        CreatedAt = createdAt,
    };

    public async Task AddAsync(params object[] rows)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
