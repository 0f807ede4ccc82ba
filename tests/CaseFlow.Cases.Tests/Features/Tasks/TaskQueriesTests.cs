using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Tests.Scenarios;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Features.Tasks;

/// <summary>
/// The inbox's views, filters and orders on the shipped workflows and the demo organisation (agent → supervisor →
/// manager → head → gm): what each filter finds, that a task's copy of its case's facts follows the case, the team
/// view, and that pages neither repeat nor skip a task.
/// </summary>
public sealed class TaskQueriesTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync(withOrganisation: true);

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private TaskQueries Queries => _kit.Db.Get<TaskQueries>();

    private const string EmptyJson = "{}";

    private static readonly Actor Manager = Actor.Of("manager", CaseRoles.Manager);

    private async Task<List<string?>> CaseIdsAsync(TaskFilter filter, CaseTaskStatus? status = CaseTaskStatus.Open) =>
        [.. (await Queries.ListAsync(new ListTasks(TaskView.All, ScenarioKit.Supervisor, Status: status, PageSize: 200, Filter: filter))).Items.Select(i => i.Task.CaseId).Distinct()];

    [Fact]
    public async Task EachFilter_FindsTheTasksOfTheCasesItNames_AndTheCategoryFollowsAClassificationMadeAfterTheTaskWasHandedOut()
    {
        var phoneComplaint = await _kit.FileAsync("complaint", "phone");
        var emailInquiry = await _kit.FileAsync("inquiry", "email");

        Assert.Equal([emailInquiry.Id], await CaseIdsAsync(new TaskFilter(CaseType: CaseType.Inquiry)));
        Assert.Equal([phoneComplaint.Id], await CaseIdsAsync(new TaskFilter(Channel: CaseChannel.Phone)));
        Assert.Empty(await CaseIdsAsync(new TaskFilter(Category: "price")));

        // The classification task was handed out before the case had a category; once classified, it has one too.
        await _kit.CompleteAsync(phoneComplaint.Id, "classify", "Classified", data: new() { ["category"] = "price" });
        Assert.Equal([phoneComplaint.Id], await CaseIdsAsync(new TaskFilter(Category: "price")));
        Assert.Equal([phoneComplaint.Id], await CaseIdsAsync(new TaskFilter(CaseType.Complaint, "price", Channel: CaseChannel.Phone, Drill: false), status: null));
        Assert.All(
            (await Queries.ListAsync(new ListTasks(TaskView.All, ScenarioKit.Supervisor, phoneComplaint.Id, Status: null))).Items,
            i => Assert.Equal(("price", CaseType.Complaint, CaseChannel.Phone), (i.Task.Category, i.Task.CaseType, i.Task.Channel)));
        Assert.Empty(await CaseIdsAsync(new TaskFilter(Drill: true)));
    }

    [Fact]
    public async Task ATaskHandedOutWhileItsCaseIsBeingClassified_StillCarriesTheCategory()
    {
        var c = await _kit.FileAsync();
        // Between the handler's read of the case and its save, the case is classified and its tasks refreshed: the
        // new task is not there yet, so only the handler's own refresh after its save can give it the category.
        var interleaved = new BeforeFirstSave(_kit.Db.Folder, async () =>
        {
            await using var other = _kit.Db.CreateDbContext();
            await other.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Category, "service-attitude"));
            await TaskCaseFacts.RefreshAsync(other, c.Id);
        });
        var handler = new TaskCreatedHandler(interleaved, _kit.Db.Get<BusinessCalendar>(), _kit.Db.Get<EscalationChain>());
        var payload = new Dictionary<string, object?>
        {
            ["taskId"] = "task-interleaved",
            ["caseId"] = c.Id,
            ["activityId"] = "extraStep",
            ["activityInstanceId"] = "ai-interleaved",
            ["title"] = "An extra step",
        };

        await handler.HandleAsync(new OutboxMessage("m-interleaved", CaseFlow.Cases.Activities.CaseOutboxKinds.TaskCreated, c.WorkflowInstanceId!, payload, _kit.Db.Clock.GetUtcNow()), CancellationToken.None);

        await using var db = _kit.Db.CreateDbContext();
        Assert.Equal("service-attitude", (await db.CaseTasks.SingleAsync(t => t.Id == "task-interleaved")).Category);
    }

    [Fact]
    public async Task TheTasksOfAComplaintLinkedToAnEmergency_AreFoundByTheEmergencyFilter_AndOnlyThey()
    {
        var linked = await _kit.FileAsync();
        var other = await _kit.FileAsync(description: "The receipt shows the wrong address.");
        Assert.Empty(await CaseIdsAsync(new TaskFilter(EmergencyLinked: true)));

        await _kit.Db.Get<RaiseEmergencyHandler>().HandleAsync(
            new RaiseEmergency("customer-complaint", "Major complaint.", null, null, [], Actor.Of("caseflow")) { TriggerKey = "major:" + linked.Id, LinkedCaseIds = [linked.Id] });
        await _kit.Db.DrainAsync();

        Assert.Equal([linked.Id], await CaseIdsAsync(new TaskFilter(CaseType.Complaint, EmergencyLinked: true)));
        Assert.Contains(other.Id, await CaseIdsAsync(new TaskFilter(CaseType.Complaint, EmergencyLinked: false)));
        Assert.DoesNotContain(linked.Id, await CaseIdsAsync(new TaskFilter(CaseType.Complaint, EmergencyLinked: false)));
    }

    [Fact]
    public async Task TheTeamView_ShowsTheTasksOfEveryoneBelowTheReader_AndIsRefusedToAnAgent()
    {
        var c = await _kit.FileAsync();
        var classify = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        await _kit.Tasks.ClaimAsync(new ClaimTask(classify.Id, ScenarioKit.Agent));

        // The agent's supervisor sees it, and so does the manager two levels up; the agent has no team.
        Assert.Contains((await Queries.ListAsync(new ListTasks(TaskView.Team, ScenarioKit.Supervisor))).Items, i => i.Task.Id == classify.Id);
        Assert.Contains((await Queries.ListAsync(new ListTasks(TaskView.Team, Manager))).Items, i => i.Task.Id == classify.Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => Queries.ListAsync(new ListTasks(TaskView.Team, ScenarioKit.Agent)));

        // Someone not above the agent (the demo's admin is no one in the organisation) has an empty team.
        Assert.Empty((await Queries.ListAsync(new ListTasks(TaskView.Team, Actor.Of("admin", CaseRoles.Admin)))).Items);
    }

    [Fact]
    public async Task EachOrder_PutsTheTasksInItsOrder_AndPagingThroughIt_ShowsEveryTaskOnce()
    {
        var now = _kit.Db.Clock.GetUtcNow();
        await using (var db = _kit.Db.CreateDbContext())
        {
            db.CaseTasks.AddRange(
                Task("low-soon", CasePriority.Low, now.AddMinutes(5), now.AddHours(-4)),
                Task("urgent-late", CasePriority.Urgent, now.AddDays(2), now.AddHours(-3)),
                Task("normal-none", CasePriority.Normal, null, now.AddHours(-2)),
                Task("high-soon", CasePriority.High, now.AddMinutes(10), now.AddHours(-1)),
                Task("urgent-soon", CasePriority.Urgent, now.AddMinutes(30), now.AddHours(-5)));
            await db.SaveChangesAsync();
        }

        async Task<List<string>> OrderAsync(TaskSort sort, int pageSize = 200)
        {
            var ids = new List<string>();
            for (var page = 1; ; page++)
            {
                var found = await Queries.ListAsync(new ListTasks(TaskView.All, ScenarioKit.Supervisor, Page: page, PageSize: pageSize, Sort: sort));
                ids.AddRange(found.Items.Select(i => i.Task.Id));
                if (page * pageSize >= found.Total)
                    return ids;
            }
        }

        Assert.Equal(["low-soon", "high-soon", "urgent-soon", "urgent-late", "normal-none"], await OrderAsync(TaskSort.Due));
        Assert.Equal(["urgent-soon", "urgent-late", "high-soon", "normal-none", "low-soon"], await OrderAsync(TaskSort.Priority));
        Assert.Equal(["high-soon", "normal-none", "urgent-late", "low-soon", "urgent-soon"], await OrderAsync(TaskSort.Newest));
        Assert.Equal(["urgent-soon", "low-soon", "urgent-late", "normal-none", "high-soon"], await OrderAsync(TaskSort.Oldest));
        foreach (var sort in Enum.GetValues<TaskSort>())
            Assert.Equal(await OrderAsync(sort), await OrderAsync(sort, pageSize: 2));
    }

    [Fact]
    public async Task PastTheCountLimit_TheInboxStopsCounting_AndSaysSo()
    {
        await using (var db = _kit.Db.CreateDbContext())
        {
                        var bulkSql = $"""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {TaskQueries.CountLimit})
                INSERT INTO "CaseTasks" ("Id", "Kind", "EmergencyLinked", "IsDrill", "WorkflowInstanceId", "ActivityId", "ActivityInstanceId",
                    "Title", "CandidateRole", "Outcomes", "Form", "Priority", "Status", "CreatedAt", "Data", "Escalates", "EscalationLevel", "Revision")
                SELECT 'bulk-' || i, 'Task', 0, 0, 'wf', 'step', 'ai-' || i, 'Bulk ' || i, 'Agent', '["Done"]', '[]', 1, 'Open', i, '{EmptyJson}', 0, 0, 1
                FROM n
                """;
            await ExecuteAsync(db, bulkSql);
        }

        var page = await Queries.ListAsync(new ListTasks(TaskView.Available, ScenarioKit.Agent));

        Assert.Equal((TaskQueries.CountLimit, true, 25), (page.Total, page.TotalIsCapped, page.Items.Count));
        var small = await Queries.ListAsync(new ListTasks(TaskView.Available, ScenarioKit.Agent, Filter: new TaskFilter(Priority: CasePriority.Urgent)));
        Assert.Equal((0, false), (small.Total, small.TotalIsCapped));
    }

    private static CaseTask Task(string id, CasePriority priority, DateTimeOffset? dueAt, DateTimeOffset createdAt) => new()
    {
        Id = id,
        WorkflowInstanceId = "wf-" + id,
        ActivityId = "step",
        ActivityInstanceId = "ai-" + id,
        Title = id,
        CandidateRole = CaseRoles.Agent,
        Priority = priority,
        DueAt = dueAt,
        CreatedAt = createdAt,
        Status = CaseTaskStatus.Open,
    };

    // Plain ADO.NET: EF's raw SQL would read the JSON's braces as format placeholders.
    private static async Task ExecuteAsync(Microsoft.EntityFrameworkCore.DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
