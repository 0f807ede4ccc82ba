using System.Text.Json;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Live;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Store;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Cases.Tests.Features.Tasks;

/// <summary>
/// A HumanTask's task is written in its burst's transaction: in the inbox when the intake answers, before any outbox
/// message is delivered. The message is still delivered, and then only refreshes the case's facts on the row.
/// </summary>
public sealed class TaskRowsInBurstTests
{
    [Fact]
    public async Task TheFirstTask_IsInTheInbox_WhenTheIntakeAnswers_BeforeItsMessageIsDelivered()
    {
        await using var kit = await CaseTestKit.CreateAsync();

        // The test scheduler only records what Hangfire would deliver: nothing is delivered here.
        var created = await kit.Intake.HandleAsync(CaseTestKit.Complaint());

        var available = await kit.Db.Get<TaskQueries>().ListAsync(new ListTasks(TaskView.Available, CaseTestKit.Agent));
        var task = Assert.Single(available.Items).Task;
        Assert.Equal(("classify", "Classify CF-2026-000001", created.Id), (task.ActivityId, task.Title, task.CaseId));
        await using var db = kit.Db.CreateDbContext();
        var line = await db.Timeline.AsNoTracking().SingleAsync(e => e.CaseId == created.Id && e.Kind == TimelineKind.Task);
        Assert.Equal(("taskCreated", "task-created:" + task.Id), (line.Code, line.SourceId));
        var message = await db.OutboxMessages.AsNoTracking().SingleAsync(o => o.Kind == CaseOutboxKinds.TaskCreated);
        Assert.Null(message.DispatchedAt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheTaskWrittenWithItsBurst_EqualsTheOneItsMessagesDeliveryWrites(bool postgres)
    {
        await using var inBurst = await KitAsync(postgres, burstRows: true);
        await using var delivered = await KitAsync(postgres, burstRows: false);

        var a = await inBurst.Intake.HandleAsync(CaseTestKit.Complaint());
        var b = await delivered.Intake.HandleAsync(CaseTestKit.Complaint());
        await using (var before = delivered.Db.CreateDbContext())
            Assert.Empty(await before.CaseTasks.ToListAsync()); // only the delivery writes it there
        await delivered.Db.DrainAsync();

        var (taskA, lineA) = await TaskAndLineAsync(inBurst, a.Id);
        var (taskB, lineB) = await TaskAndLineAsync(delivered, b.Id);
        Assert.Equal(Comparable(taskB), Comparable(taskA));
        Assert.Equal(Comparable(lineB), Comparable(lineA));
        // The fields the equality covers hold something: a department's head, a due time, an escalation period.
        Assert.Equal(("head", "customer-service", CasePriority.High, TimeSpan.FromHours(4)), (taskA.Assignee, taskA.Department, taskA.Priority, taskA.EscalateEvery));
        Assert.NotNull(taskA.DueAt);
        Assert.Equal(["Done", "Rejected"], taskA.Outcomes);
        Assert.Equal(["reason"], taskA.Form.Select(f => f.Name));
    }

    [Fact]
    public async Task TheMessagesDelivery_FindsTheRow_AndBringsTheCasesFactsOnItUpToDate()
    {
        await using var kit = await CaseTestKit.CreateAsync();
        var created = await kit.Intake.HandleAsync(CaseTestKit.Complaint());
        // Classified between the burst's read of the case and its commit, by someone whose refresh missed the row.
        await using (var db = kit.Db.CreateDbContext())
            await db.Cases.Where(c => c.Id == created.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Category, "price"));

        await kit.Db.DrainAsync();

        await using var after = kit.Db.CreateDbContext();
        var task = await after.CaseTasks.AsNoTracking().SingleAsync(t => t.CaseId == created.Id);
        Assert.Equal("price", task.Category);
        Assert.Single(await after.Timeline.Where(e => e.CaseId == created.Id && e.Kind == TimelineKind.Task).ToListAsync());
    }

    [Fact]
    public async Task ATaskAfterACaseChangeInTheSameBurst_ShowsOnlyWithTheChange()
    {
        await using var kit = await CaseTestKit.CreateAsync();
        var created = await kit.FileAsync();
        var classify = await kit.OpenTaskAsync(created.Id, "classify");

        // classify → SetCase(category) → handle, in one burst.
        await kit.Tasks.CompleteAsync(new CompleteTask(classify.Id, "Classified", new Dictionary<string, object?> { ["category"] = "price" }, CaseTestKit.Agent));
        await using (var db = kit.Db.CreateDbContext())
            Assert.False(await db.CaseTasks.AnyAsync(t => t.CaseId == created.Id && t.ActivityId == "handle"));
        await kit.Db.DrainAsync();

        await kit.OpenTaskAsync(created.Id, "handle");
        Assert.Equal("price", (await kit.ReloadAsync(created.Id)).Category);
    }

    [Fact]
    public async Task TheTaskWrittenWithItsBurst_ReachesTheScreens()
    {
        await using var kit = await CaseTestKit.CreateAsync();
        using var screen = kit.Db.Get<LiveUpdates>().Subscribe();

        var created = await kit.Intake.HandleAsync(CaseTestKit.Complaint());

        var task = await kit.OpenTaskAsync(created.Id, "classify");
        var changes = new List<LiveChange>();
        while (screen.Changes.TryRead(out var change))
            changes.Add(change);
        Assert.Contains(new LiveChange(LiveChange.Task, task.Id, created.Id), changes);
    }

    [Fact]
    public async Task ATaskTheBurstCannotPrepare_IsCreatedByItsMessagesDelivery()
    {
        await using var kit = await CaseTestKit.CreateAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IBurstRows>(sp => new TaskRowsInBurst(
            new UnreachableDatabase(), sp.GetRequiredService<CaseFlow.Cases.Features.Sla.BusinessCalendar>(), sp.GetRequiredService<EscalationChain>(), sp.GetRequiredService<LiveUpdates>()))));

        var created = await kit.Intake.HandleAsync(CaseTestKit.Complaint());
        await using (var db = kit.Db.CreateDbContext())
            Assert.Empty(await db.CaseTasks.ToListAsync());
        await kit.Db.DrainAsync();

        Assert.Equal(CaseTaskStatus.Open, (await kit.OpenTaskAsync(created.Id, "classify")).Status);
    }

    private static async Task<CaseTestKit> KitAsync(bool postgres, bool burstRows)
    {
        var kit = await CaseTestKit.CreateAsync(DepartmentTask(), services: burstRows ? null : s => s.RemoveAll<IBurstRows>(), postgres: postgres);
        await kit.AddUserAsync("head", [CaseRoles.Supervisor]);
        await kit.Db.Get<OrganisationSeeder>().EnsureDemoPeopleAsync();
        return kit;
    }

    private static async Task<(CaseTask Task, TimelineEntry Line)> TaskAndLineAsync(CaseTestKit kit, string caseId)
    {
        await using var db = kit.Db.CreateDbContext();
        return (await db.CaseTasks.AsNoTracking().SingleAsync(t => t.CaseId == caseId),
            await db.Timeline.AsNoTracking().SingleAsync(e => e.CaseId == caseId && e.Kind == TimelineKind.Task));
    }

    // Every column but the ids, which differ between the two databases.
    private static string Comparable(CaseTask task)
    {
        var columns = JsonSerializer.SerializeToNode(task)!.AsObject();
        foreach (var id in new[] { nameof(CaseTask.Id), nameof(CaseTask.CaseId), nameof(CaseTask.WorkflowInstanceId), nameof(CaseTask.ActivityInstanceId) })
            columns.Remove(id);
        return columns.ToJsonString();
    }

    private static string Comparable(TimelineEntry line) => JsonSerializer.Serialize(new { line.At, line.Kind, line.Title, line.Actor, line.Detail, line.Code, line.Args });

    /// <summary>One HumanTask with every input a task row takes from it.</summary>
    private static WorkflowDefinition DepartmentTask() => WorkflowDefinitionReader.Read("""
        {
          "id": "complaint-handling-v1", "definitionId": "complaint-handling", "name": "Department task", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "review", "type": "CaseFlow.HumanTask",
                "title": { "typeName": "String", "expression": { "type": "Liquid", "value": "Review {{ Input.caseNumber }}" } },
                "instructions": { "typeName": "String", "expression": { "type": "Literal", "value": "Check the claim." } },
                "department": { "typeName": "String", "expression": { "type": "Literal", "value": "customer-service" } },
                "candidateRole": { "typeName": "String", "expression": { "type": "Literal", "value": "Supervisor" } },
                "priority": { "typeName": "String", "expression": { "type": "Literal", "value": "High" } },
                "dueIn": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "04:00:00" } },
                "escalate": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } },
                "outcomes": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"Done\",\"Rejected\"]" } },
                "form": { "typeName": "Object", "expression": { "type": "Object", "value": "[{\"name\":\"reason\",\"type\":\"textarea\",\"requiredFor\":[\"Rejected\"]}]" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } }
            ]
          }
        }
        """);

    private sealed class UnreachableDatabase : IDbContextFactory<CaseFlowDbContext>
    {
        public CaseFlowDbContext CreateDbContext() => throw new InvalidOperationException("The database cannot be reached");
    }
}
