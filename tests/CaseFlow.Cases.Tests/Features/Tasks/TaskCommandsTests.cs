using CaseFlow.Tests.Shared;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Cases.Tests.Features.Surveys;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseFlow.Cases.Tests.Features.Tasks;

public sealed class TaskCommandsTests : IAsyncLifetime
{
    private readonly CommitFailures _commits = new();
    private CaseTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await CaseTestKit.CreateAsync(services: _commits.AddTo);

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task Complete_ResumesWorkflow_WhenTaskIsOpen_AndTheFormsValuesBecomeVariables()
    {
        var created = await _kit.FileAsync();

        await _kit.CompleteAsync(created.Id, "classify", "Classified", CaseTestKit.Agent, new() { ["category"] = "product-quality", ["note"] = "verified by photo" });

        var reloaded = await _kit.ReloadAsync(created.Id);
        Assert.Equal(("product-quality", CaseStatus.InProgress), (reloaded.Category, reloaded.Status));
        var instance = (await _kit.Db.Store.FindAsync(created.WorkflowInstanceId!))!.Snapshot;
        Assert.Equal("verified by photo", instance.Contexts[0].Variables!["note"]);
        var handle = await _kit.OpenTaskAsync(created.Id, "handle");
        Assert.Equal(["Resolved", "Unresolved"], handle.Outcomes);
    }

    [Fact]
    public async Task Complete_ContinuesOnTheChosenOutcomesPort()
    {
        var created = await _kit.FileAsync();
        await _kit.CompleteAsync(created.Id, "classify", "Classified", CaseTestKit.Agent, new() { ["category"] = "price" });

        await _kit.CompleteAsync(created.Id, "handle", "Unresolved", CaseTestKit.Agent);

        Assert.Equal(CaseStatus.Escalated, (await _kit.ReloadAsync(created.Id)).Status);
        var state = (await _kit.Db.Store.FindAsync(created.WorkflowInstanceId!))!.Snapshot.State;
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
    }

    [Fact]
    public async Task Complete_IsRefused_ForAnOutcomeTheTaskDoesNotHave_NamingTheField()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Approved", new Dictionary<string, object?> { ["category"] = "price" }, CaseTestKit.Agent)));

        Assert.Equal(["outcome"], ex.Errors.Keys);
        Assert.Equal(CaseTaskStatus.Open, (await _kit.OpenTaskAsync(created.Id, "classify")).Status);
    }

    // The values become workflow variables: one the workflow could not store would fault it after the task was done.
    [Fact]
    public async Task Complete_IsRefused_ForAValueBiggerThanAWorkflowMayStore_NamingTheField()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        var data = new Dictionary<string, object?> { ["category"] = "price", ["note"] = new string('x', 2_000_000) };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", data, CaseTestKit.Agent)));

        Assert.Equal(["data.note"], ex.Errors.Keys);
        Assert.Contains("exceeds the size limit of 1 MB", ex.Errors["data.note"][0], StringComparison.Ordinal);
        Assert.Equal(CaseTaskStatus.Open, (await _kit.OpenTaskAsync(created.Id, "classify")).Status);
    }

    [Fact]
    public async Task Classify_CannotBeCompletedWithoutExactlyOneOfTheFiveCategories()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");

        var missing = await Assert.ThrowsAsync<ValidationException>(() => _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", null, CaseTestKit.Agent)));
        var wrong = await Assert.ThrowsAsync<ValidationException>(() => _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", new Dictionary<string, object?> { ["category"] = "colour" }, CaseTestKit.Agent)));

        Assert.Equal(["data.category"], missing.Errors.Keys);
        Assert.Contains("product-quality, service-attitude, service-process, price, other", wrong.Errors["data.category"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_TwiceAtOnce_ByTwoAgents_HasExactlyOneWinner_AndTheLoserIsToldWhoWon()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        var data = new Dictionary<string, object?> { ["category"] = "price" };

        // Both completions have read the open task before either saves: the revision check, not luck, decides.
        var tasks = new TaskCommands(new BothReadBeforeEitherSaves(_kit.Db.Folder), _kit.Db.Runtime, _kit.Db.Clock, _kit.Db.Get<WorkflowRunnerOptions>());
        var outcomes = await Task.WhenAll(new[] { CaseTestKit.Agent, CaseTestKit.Agent2 }.Select(actor => Task.Run(async () =>
        {
            try
            {
                await tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", data, actor));
                return (Result: "ok", actor.UserName, Message: "");
            }
            catch (ConflictException ex)
            {
                return (Result: "conflict", actor.UserName, ex.Message);
            }
        })));

        Assert.Equal(["conflict", "ok"], outcomes.Select(o => o.Result).Order());
        var winner = outcomes.Single(o => o.Result == "ok").UserName;
        Assert.Contains($"completed by {winner} with outcome Classified", outcomes.Single(o => o.Result == "conflict").Message, StringComparison.Ordinal);
        await _kit.Db.DrainAsync();
        await using var db = _kit.Db.CreateDbContext();
        Assert.Single(await db.CaseTasks.Where(t => t.ActivityId == "handle").ToListAsync());
        Assert.Single(await db.Timeline.Where(e => e.Title.StartsWith("Task completed")).ToListAsync());
        Assert.Equal(winner, (await _kit.ReloadAsync(created.Id)).Owner);
    }

    // An unassigned task's completion also makes the agent the case's owner, so it writes the case row: a case
    // update committed between the completion's read and its save is no reason to refuse the completion.
    [Fact]
    public async Task Complete_WhileTheCaseIsUpdated_Succeeds_AndKeepsTheUpdate()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        var caseUpdates = 0;
        var interleaved = new BeforeFirstSave(_kit.Db.Folder, async () =>
        {
            await using var other = _kit.Db.CreateDbContext();
            caseUpdates += await other.Cases.Where(c => c.Id == created.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Priority, CasePriority.Urgent)
                .SetProperty(c => c.Revision, c => c.Revision + 1));
        });
        var tasks = new TaskCommands(interleaved, _kit.Db.Runtime, _kit.Db.Clock, _kit.Db.Get<WorkflowRunnerOptions>());

        var completed = await tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", new Dictionary<string, object?> { ["category"] = "price" }, CaseTestKit.Agent));

        Assert.Equal(1, caseUpdates);
        Assert.Equal((CaseTaskStatus.Completed, true), (completed.Status, completed.ResumedAt is not null));
        var reloaded = await _kit.ReloadAsync(created.Id);
        Assert.Equal((CasePriority.Urgent, "agent"), (reloaded.Priority, reloaded.Owner));
    }

    [Fact]
    public async Task Complete_WhileTheTaskIsReassigned_IsAConflict_ThatNamesTheNewAssignee()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        var interleaved = new BeforeFirstSave(_kit.Db.Folder, () => _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, "agent2", CaseTestKit.Supervisor)));
        var tasks = new TaskCommands(interleaved, _kit.Db.Runtime, _kit.Db.Clock, _kit.Db.Get<WorkflowRunnerOptions>());

        var ex = await Assert.ThrowsAsync<ConflictException>(() => tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", new Dictionary<string, object?> { ["category"] = "price" }, CaseTestKit.Agent)));

        Assert.Contains("open and assigned to agent2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(CaseTaskStatus.Open, (await _kit.OpenTaskAsync(created.Id, "classify")).Status);
    }

    [Fact]
    public async Task Complete_AgainAfterItWasCompleted_IsAConflict()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        var command = new CompleteTask(task.Id, "Classified", new Dictionary<string, object?> { ["category"] = "price" }, CaseTestKit.Agent);
        await _kit.Tasks.CompleteAsync(command);

        await Assert.ThrowsAsync<ConflictException>(() => _kit.Tasks.CompleteAsync(command));
    }

    [Fact]
    public async Task S7_Claim_MakesTheFirstAgentTheCaseOwner_AndTheOwnersNextTaskIsAssignedToThem()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");

        await _kit.Tasks.ClaimAsync(new ClaimTask(task.Id, CaseTestKit.Agent2));
        await Assert.ThrowsAsync<ConflictException>(() => _kit.Tasks.ClaimAsync(new ClaimTask(task.Id, CaseTestKit.Agent)));
        await _kit.CompleteAsync(created.Id, "classify", "Classified", CaseTestKit.Agent2, new() { ["category"] = "price" });

        Assert.Equal("agent2", (await _kit.ReloadAsync(created.Id)).Owner);
        var handle = await _kit.OpenTaskAsync(created.Id, "handle");
        Assert.Equal("agent2", handle.Assignee);
        Assert.Equal(_kit.Db.Clock.GetUtcNow().AddHours(4), handle.DueAt);
    }

    [Fact]
    public async Task Complete_ByAnotherAgent_OfAClaimedTask_IsForbidden_ButASupervisorMay()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        await _kit.Tasks.ClaimAsync(new ClaimTask(task.Id, CaseTestKit.Agent));
        var data = new Dictionary<string, object?> { ["category"] = "price" };

        await Assert.ThrowsAsync<ForbiddenException>(() => _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", data, CaseTestKit.Agent2)));
        await _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", data, CaseTestKit.Supervisor));
    }

    [Fact]
    public async Task Release_GivesTheTaskBack_AndReassignIsForSupervisorsOnly()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        await _kit.Tasks.ClaimAsync(new ClaimTask(task.Id, CaseTestKit.Agent));

        var released = await _kit.Tasks.ReleaseAsync(new ReleaseTask(task.Id, CaseTestKit.Agent));
        Assert.Null(released.Assignee);
        await Assert.ThrowsAsync<ForbiddenException>(() => _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, "agent2", CaseTestKit.Agent)));
        var reassigned = await _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, "agent2", CaseTestKit.Supervisor, "workload"));

        Assert.Equal("agent2", reassigned.Assignee);
        var details = await _kit.Details.HandleAsync(created.Id);
        Assert.Contains(details.Timeline, t => t.Title == "Task reassigned: Classify CF-2026-000001" && t.Detail == "from nobody to agent2: workload");
    }

    [Fact]
    public async Task ACompletionTheWorkflowDidNotTake_IsHandedOverAgain_Once()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        await using (var db = _kit.Db.CreateDbContext())
        {
            // The crash: the completion committed, the process stopped before the workflow resumed.
            await db.CaseTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, CaseTaskStatus.Completed)
                .SetProperty(t => t.Outcome, "Classified")
                .SetProperty(t => t.CompletedBy, "agent")
                .SetProperty(t => t.Data, new Dictionary<string, object?> { ["category"] = "price" }));
        }

        Assert.Equal(1, await _kit.Tasks.ResumeCompletedAsync());
        Assert.Equal(0, await _kit.Tasks.ResumeCompletedAsync());
        await _kit.Db.DrainAsync();

        Assert.Equal("price", (await _kit.ReloadAsync(created.Id)).Category);
        await using var after = _kit.Db.CreateDbContext();
        Assert.Single(await after.CaseTasks.Where(t => t.ActivityId == "handle").ToListAsync());
    }

    // The completion is saved before the workflow is resumed: when the resume cannot get through (another writer
    // wins every retry), the task is still completed, and saying otherwise would make the agent complete it again.
    [Fact]
    public async Task Complete_WhenTheWorkflowCannotTakeIt_StaysCompleted_AndTheSweepHandsItOverLater()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");
        _commits.FailCommitsOf(created.WorkflowInstanceId!);

        var completed = await _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", new Dictionary<string, object?> { ["category"] = "price" }, CaseTestKit.Agent));

        Assert.Equal(_kit.Db.Get<DurableRuntimeOptions>().MaxConcurrencyRetries, _commits.Refused);
        Assert.Equal((CaseTaskStatus.Completed, (DateTimeOffset?)null), (completed.Status, completed.ResumedAt));
        await using (var db = _kit.Db.CreateDbContext())
            Assert.Equal(CaseTaskStatus.Completed, (await db.CaseTasks.AsNoTracking().SingleAsync(t => t.Id == task.Id)).Status);

        _commits.Heal(created.WorkflowInstanceId!);
        Assert.Equal(1, await _kit.Tasks.ResumeCompletedAsync());
        await _kit.Db.DrainAsync();

        Assert.Equal("price", (await _kit.ReloadAsync(created.Id)).Category);
        Assert.NotNull((await _kit.OpenTaskAsync(created.Id, "handle")).Id);
        Assert.Equal(0, await _kit.Tasks.ResumeCompletedAsync());
    }

    [Fact]
    public async Task ResumeCompleted_HandsOverTheOthers_WhenOneWorkflowCannotTakeItsTask()
    {
        var poisoned = await _kit.FileAsync();
        var healthy = await _kit.FileAsync(CaseTestKit.Complaint(name: "Zhang Min", phone: "+86 138 0000 0002"));
        _commits.FailCommitsOf(poisoned.WorkflowInstanceId!);
        _commits.FailCommitsOf(healthy.WorkflowInstanceId!);
        var data = new Dictionary<string, object?> { ["category"] = "price" };
        await _kit.Tasks.CompleteAsync(new CompleteTask((await _kit.OpenTaskAsync(poisoned.Id, "classify")).Id, "Classified", data, CaseTestKit.Agent));
        _kit.Db.Clock.Advance(TimeSpan.FromSeconds(1));
        await _kit.Tasks.CompleteAsync(new CompleteTask((await _kit.OpenTaskAsync(healthy.Id, "classify")).Id, "Classified", data, CaseTestKit.Agent));
        _commits.Heal(healthy.WorkflowInstanceId!);

        Assert.Equal(1, await _kit.Tasks.ResumeCompletedAsync());
        await _kit.Db.DrainAsync();

        Assert.Equal("price", (await _kit.ReloadAsync(healthy.Id)).Category);
        Assert.Null((await _kit.ReloadAsync(poisoned.Id)).Category);
        await using var db = _kit.Db.CreateDbContext();
        Assert.Null((await db.CaseTasks.AsNoTracking().SingleAsync(t => t.CaseId == poisoned.Id && t.ActivityId == "classify")).ResumedAt);
    }

    [Fact]
    public async Task ATaskMessageDeliveredTwice_CreatesOneTask()
    {
        var created = await _kit.Intake.HandleAsync(CaseTestKit.Complaint());
        var messageId = _kit.Db.Scheduler.Dispatches.Single();

        await _kit.Db.Runtime.DispatchAsync(messageId);
        await using (var db = _kit.Db.CreateDbContext())
            await db.OutboxMessages.Where(o => o.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(o => o.DispatchedAt, (DateTimeOffset?)null));
        await _kit.Db.Runtime.DispatchAsync(messageId);

        await using var after = _kit.Db.CreateDbContext();
        Assert.Single(await after.CaseTasks.Where(t => t.CaseId == created.Id).ToListAsync());
        Assert.Single(await after.Timeline.Where(e => e.CaseId == created.Id && e.Kind == TimelineKind.Task).ToListAsync());
        Assert.Equal(CaseOutboxKinds.TaskCreated, (await after.OutboxMessages.SingleAsync(o => o.Id == messageId)).Kind);
    }

    [Fact]
    public async Task Timeline_MergesTheCasesEventsWithTheWorkflowsSteps_InTimeOrder()
    {
        var created = await _kit.FileAsync();
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(3));
        await _kit.CompleteAsync(created.Id, "classify", "Classified", CaseTestKit.Agent, new() { ["category"] = "price" });

        var timeline = (await _kit.Details.HandleAsync(created.Id)).Timeline;

        Assert.Equal(timeline.OrderBy(t => t.At).Select(t => t.At), timeline.Select(t => t.At));
        Assert.Contains(timeline, t => t.Source == "workflow" && t.Title == "classify completed");
        Assert.Contains(timeline, t => t.Source == "case" && t.Title == "Task completed: Classify CF-2026-000001" && t.Actor == "agent");
        Assert.Contains(timeline, t => t.Source == "case" && t.Title.Contains("category none → price", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MyInbox_FindsATaskReassignedWithTheUserNameInAnotherCase()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");

        await _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, "AGENT2", CaseTestKit.Supervisor));

        var mine = await _kit.Db.Get<TaskQueries>().ListAsync(new ListTasks(TaskView.Mine, CaseTestKit.Agent2));
        Assert.Equal(task.Id, Assert.Single(mine.Items).Task.Id);
    }

    [Fact]
    public async Task Reassign_ToAUserWhoDoesNotExist_IsRefusedNamingAssignee_AndTheTaskKeepsItsAssignee()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, "nobody-by-this-name", CaseTestKit.Supervisor)));

        Assert.Equal(["assignee"], ex.Errors.Keys);
        Assert.Null((await _kit.OpenTaskAsync(created.Id, "classify")).Assignee);
    }

    [Fact]
    public async Task Reassign_ToALockedOutUser_IsRefusedNamingAssignee()
    {
        await _kit.AddUserAsync("gone", [CaseRoles.Agent], lockedOutUntil: DateTimeOffset.MaxValue);
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, "gone", CaseTestKit.Supervisor)));

        Assert.Equal(["assignee"], ex.Errors.Keys);
    }

    [Fact]
    public async Task Reassign_OfASupervisorTask_ToAnAgent_IsRefusedNamingAssignee()
    {
        var created = await _kit.FileAsync();
        var task = await ForSupervisorsAsync(await _kit.OpenTaskAsync(created.Id, "classify"));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, "agent", CaseTestKit.Supervisor)));

        Assert.Equal(["assignee"], ex.Errors.Keys);
        Assert.Contains("Supervisor", ex.Errors["assignee"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_OfASupervisorTaskAssignedToAnAgent_IsForbidden_ButTheSupervisorMay()
    {
        var created = await _kit.FileAsync();
        var task = await ForSupervisorsAsync(await _kit.OpenTaskAsync(created.Id, "classify"));
        await using (var db = _kit.Db.CreateDbContext())
        {
            // How it got there does not matter (a reassign before roles were checked, a workflow's fixed assignee):
            // completing checks the role again.
            await db.CaseTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Assignee, "agent"));
        }

        var data = new Dictionary<string, object?> { ["category"] = "price" };
        await Assert.ThrowsAsync<ForbiddenException>(() => _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", data, CaseTestKit.Agent)));
        Assert.Equal(CaseTaskStatus.Open, (await _kit.OpenTaskAsync(created.Id, "classify")).Status);
        await _kit.Tasks.CompleteAsync(new CompleteTask(task.Id, "Classified", data, CaseTestKit.Supervisor));
    }

    [Fact]
    public async Task Reassign_KeepsTheStoredSpellingOfTheUserName()
    {
        var created = await _kit.FileAsync();
        var task = await _kit.OpenTaskAsync(created.Id, "classify");

        var reassigned = await _kit.Tasks.ReassignAsync(new ReassignTask(task.Id, " Agent2 ", CaseTestKit.Supervisor));

        Assert.Equal("agent2", reassigned.Assignee);
    }

    private async Task<CaseTask> ForSupervisorsAsync(CaseTask task)
    {
        await using var db = _kit.Db.CreateDbContext();
        await db.CaseTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CandidateRole, CaseRoles.Supervisor));
        return await db.CaseTasks.AsNoTracking().SingleAsync(t => t.Id == task.Id);
    }
}

/// <summary>
/// Contexts over the test database that run <paramref name="interleave"/> once, just before the first save: what
/// another writer commits between a command's read and its save.
/// </summary>
internal sealed class BeforeFirstSave(string dataDirectory, Func<Task> interleave) : SaveChangesInterceptor, IDbContextFactory<CaseFlowDbContext>
{
    private int _fired;

    public CaseFlowDbContext CreateDbContext() => new(new DbContextOptionsBuilder<CaseFlowDbContext>()
        .UseSqlite(new CaseFlowDatabaseOptions { DataDirectory = dataDirectory }.BuildConnectionString())
        .AddInterceptors(this)
        .Options);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
            await interleave();
        return result;
    }
}
