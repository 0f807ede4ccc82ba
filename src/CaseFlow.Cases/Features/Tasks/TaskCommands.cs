using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Cases.Features.Tasks;

public sealed record ClaimTask(string TaskId, Actor Actor);

public sealed record ReleaseTask(string TaskId, Actor Actor);

public sealed record ReassignTask(string TaskId, string Assignee, Actor Actor, string? Reason = null);

public sealed record CompleteTask(string TaskId, string Outcome, IReadOnlyDictionary<string, object?>? Data, Actor Actor);

/// <summary>
/// The task lifecycle: claim (take an available task), release (give it back), reassign (supervisors; only to an
/// existing, not locked-out user who holds the task's role), complete (by its assignee or an overseer, and only by
/// someone holding the task's role; with an allowed outcome and the form's required fields; resumes the workflow). Every change checks the task's
/// revision, so two agents completing one task at once get one success and one <see cref="ConflictException"/>.
/// A concurrent change of the task's case (its workflow or an agent editing it) is no conflict with the task: the
/// change is applied again on the fresh case row.
/// </summary>
public sealed class TaskCommands(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    DurableWorkflowRuntime runtime,
    TimeProvider clock,
    WorkflowRunnerOptions runnerOptions,
    ILogger<TaskCommands>? logger = null)
{
    // How often a task change is applied again because its case row changed meanwhile (not the task itself).
    private const int MaxCaseRetries = 5;

    private readonly ILogger _logger = logger ?? NullLogger<TaskCommands>.Instance;

    public async Task<CaseTask> ClaimAsync(ClaimTask command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await ChangeAsync(command.TaskId, async (db, task) =>
        {
            EnsureOpen(task);
            if (task.Assignee is { } current)
            {
                if (string.Equals(current, command.Actor.UserName, StringComparison.OrdinalIgnoreCase))
                    return;
                throw new ConflictException($"Task {task.Id} is already claimed by {current}");
            }

            if (!MayTake(task, command.Actor))
                throw new ForbiddenException($"Task {task.Id} is for role {task.CandidateRole}");
            task.Assignee = command.Actor.UserName;
            task.ClaimedAt = clock.GetUtcNow();
            await TakeOwnershipAsync(db, task, command.Actor.UserName, cancellationToken);
            await AddTimelineAsync(db, task, $"Task claimed: {task.Title}", command.Actor.UserName, null, "claimed", "taskClaimed", [], cancellationToken);
        }, cancellationToken);
    }

    public async Task<CaseTask> ReleaseAsync(ReleaseTask command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await ChangeAsync(command.TaskId, async (db, task) =>
        {
            EnsureOpen(task);
            if (!string.Equals(task.Assignee, command.Actor.UserName, StringComparison.OrdinalIgnoreCase) && !command.Actor.OverseesTasks)
                throw new ForbiddenException($"Task {task.Id} is not yours to release");
            task.Assignee = null;
            task.ClaimedAt = null;
            await AddTimelineAsync(db, task, $"Task released: {task.Title}", command.Actor.UserName, null, "released", "taskReleased", [], cancellationToken);
        }, cancellationToken);
    }

    public async Task<CaseTask> ReassignAsync(ReassignTask command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.Assignee))
            throw ValidationException.For("assignee", "The new assignee is required.");
        if (!command.Actor.OverseesTasks)
            throw new ForbiddenException("Only supervisors and managers reassign tasks");
        return await ChangeAsync(command.TaskId, async (db, task) =>
        {
            EnsureOpen(task);
            var previous = task.Assignee;
            var holder = await FindHolderAsync(db, command.Assignee.Trim(), cancellationToken);
            if (!MayTake(task, holder))
                throw ValidationException.For("assignee", $"{holder.UserName} does not hold the role {task.CandidateRole} this task is for.");
            task.Assignee = holder.UserName;
            task.ClaimedAt = clock.GetUtcNow();
            await AddTimelineAsync(db, task, $"Task reassigned: {task.Title}", command.Actor.UserName, $"from {previous ?? "nobody"} to {task.Assignee}" + (command.Reason is { Length: > 0 } r ? $": {r}" : ""), "reassigned", "taskReassigned", new() { ["from"] = previous ?? "", ["to"] = task.Assignee ?? "" }, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Completes the task, then resumes the workflow on the outcome's port with the form's values. The completion is
    /// saved first (the revision check picks one winner) and is final from then on. When the workflow took it, the
    /// returned task has <see cref="CaseTask.ResumedAt"/> set; when the hand-over failed (the instance kept changing
    /// under it, or anything else went wrong after the save) it is null: the completion stands and
    /// <see cref="ResumeCompletedAsync"/> (the case sweep) hands it over later, as after a crash (the runtime ignores a
    /// second delivery of one task). Callers answer "accepted, the workflow continues" then, never a failure.
    /// </summary>
    public async Task<CaseTask> CompleteAsync(CompleteTask command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var completed = await ChangeAsync(command.TaskId, async (db, task) =>
        {
            EnsureOpen(task);
            if (task.Assignee is null)
            {
                if (!MayTake(task, command.Actor))
                    throw new ForbiddenException($"Task {task.Id} is for role {task.CandidateRole}");
                task.Assignee = command.Actor.UserName;
                task.ClaimedAt = clock.GetUtcNow();
                await TakeOwnershipAsync(db, task, command.Actor.UserName, cancellationToken);
            }
            else if (!string.Equals(task.Assignee, command.Actor.UserName, StringComparison.OrdinalIgnoreCase) && !command.Actor.OverseesTasks)
            {
                throw new ForbiddenException($"Task {task.Id} is assigned to {task.Assignee}");
            }
            else if (!MayTake(task, command.Actor))
            {
                // Being the assignee is not enough: the role is checked again now, so a task handed (or left) to
                // someone without its role, or whose role was taken away since, cannot be completed by them.
                throw new ForbiddenException($"Task {task.Id} is for role {task.CandidateRole}, which {command.Actor.UserName} does not hold");
            }

            (task.Outcome, task.Data) = TaskCompletionRules.Check(task.Outcomes, task.Form, command.Outcome, command.Data, runnerOptions);
            task.Status = CaseTaskStatus.Completed;
            task.CompletedAt = clock.GetUtcNow();
            task.CompletedBy = command.Actor.UserName;
            await AddTimelineAsync(db, task, $"Task completed: {task.Title}", command.Actor.UserName, $"outcome {task.Outcome}", "completed", "taskCompleted", new() { ["outcome"] = task.Outcome ?? "" }, cancellationToken);
        }, cancellationToken);
        if (completed.CompletedAt is { } done)
            Diagnostics.CaseTelemetry.TaskWait.Record((done - completed.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("caseflow.task.activity", completed.ActivityId));

        try
        {
            completed.ResumedAt = await ResumeAsync(completed, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The completion is saved and stays: failing the request now would tell the client a lie. The sweep
            // retries the hand-over.
            _logger.LogWarning(ex, "Task {TaskId} is completed, but its workflow {InstanceId} did not take the completion yet; the case sweep hands it over", completed.Id, completed.WorkflowInstanceId);
        }

        return completed;
    }

    /// <summary>
    /// Hands completed tasks whose workflow has not taken them yet to the workflow (start-up recovery, the case sweep).
    /// A hand-over that fails is logged and left for the next sweep; the others go on. Returns how many were handed over.
    /// </summary>
    public async Task<int> ResumeCompletedAsync(CancellationToken cancellationToken = default)
    {
        List<CaseTask> owed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            owed = await db.CaseTasks.AsNoTracking().Where(t => t.Status == CaseTaskStatus.Completed && t.ResumedAt == null).OrderBy(t => t.CompletedAt).Take(500).ToListAsync(cancellationToken);
        var handedOver = 0;
        foreach (var task in owed)
        {
            try
            {
                await ResumeAsync(task, cancellationToken);
                handedOver++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Completed task {TaskId} could not be handed to its workflow {InstanceId}; the next sweep tries again", task.Id, task.WorkflowInstanceId);
            }
        }

        return handedOver;
    }

    // Returns when the hand-over was recorded.
    private async Task<DateTimeOffset> ResumeAsync(CaseTask task, CancellationToken cancellationToken)
    {
        await runtime.ResumeStimulusAsync(
            HumanTask.BookmarkName,
            new Dictionary<string, object?> { ["taskId"] = task.Id },
            new Dictionary<string, object?> { ["outcome"] = task.Outcome, ["data"] = new Dictionary<string, object?>(task.Data), ["completedBy"] = task.CompletedBy },
            "task:" + task.Id,
            cancellationToken);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.CaseTasks.Where(t => t.Id == task.Id && t.ResumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ResumedAt, now), cancellationToken);
        return now;
    }

    private static bool MayTake(CaseTask task, Actor actor) =>
        task.CandidateRole is null || actor.IsInRole(task.CandidateRole) || actor.OverseesTasks;

    /// <summary>
    /// The user a task is reassigned to, with the roles they hold now: they must exist and not be locked out
    /// (400 naming <c>assignee</c> otherwise). The stored spelling of the user name is what the task keeps.
    /// </summary>
    private Task<Actor> FindHolderAsync(CaseFlowDbContext db, string userName, CancellationToken cancellationToken) =>
        Users.FindActiveAsync(db, userName, clock.GetUtcNow(), "assignee", cancellationToken);

    private static void EnsureOpen(CaseTask task)
    {
        if (task.Status != CaseTaskStatus.Open)
            throw new ConflictException($"Task {task.Id} is already {Describe(task)}");
    }

    // First-contact ownership: the first agent to take work on an ownerless case becomes its owner.
    private static async Task TakeOwnershipAsync(CaseFlowDbContext db, CaseTask task, string userName, CancellationToken cancellationToken)
    {
        if (task.CaseId is null)
            return;
        var owningCase = await db.Cases.FirstOrDefaultAsync(c => c.Id == task.CaseId, cancellationToken);
        if (owningCase is null || owningCase.Owner is not null)
            return;
        owningCase.Owner = userName;
        owningCase.Revision++;
    }

    private async Task AddTimelineAsync(CaseFlowDbContext db, CaseTask task, string title, string actor, string? detail, string action, string code, Dictionary<string, string> args, CancellationToken cancellationToken)
    {
        if (task.CaseId is null)
            return;
        await Timeline.AddOnceAsync(db, new TimelineEntry
        {
            CaseId = task.CaseId,
            At = clock.GetUtcNow(),
            Kind = TimelineKind.Task,
            Title = title,
            Actor = actor,
            Detail = detail,
            SourceId = $"task-{action}:{task.Id}:{task.Revision}",
            Code = code,
            Args = new(args) { ["title"] = task.Title },
        }, cancellationToken);
    }

    /// <summary>
    /// Loads the task, applies <paramref name="change"/> and saves it, revision-checked. When only the task's case
    /// row changed meanwhile (the workflow set a field, an agent transferred it), the change is applied again on fresh
    /// rows, provided the task itself is still the one first read; a change of the task is a conflict that says what
    /// the task became.
    /// </summary>
    private async Task<CaseTask> ChangeAsync(string taskId, Func<CaseFlowDbContext, CaseTask, Task> change, CancellationToken cancellationToken)
    {
        long? firstRevision = null;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var task = await db.CaseTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
                ?? throw new NotFoundException($"Task {taskId} does not exist");

            // The caller decided on the task as first read: a retry may not apply the change to another state of it.
            if (firstRevision is { } expected && task.Revision != expected)
                throw TaskChanged(task, null);
            firstRevision = task.Revision;
            await change(db, task);
            if (!db.ChangeTracker.HasChanges())
                return task;
            task.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return task;
            }
            catch (DbUpdateConcurrencyException ex) when (ex.Entries.Count > 0 && ex.Entries.All(e => e.Entity is Case))
            {
                var caseId = task.CaseId;
                if (attempt >= MaxCaseRetries)
                    throw new ConflictException($"Case {caseId} kept changing while task {taskId} was saved ({attempt} attempts); try again") { Data = { ["inner"] = ex.Message } };
                _logger.LogDebug("Case {CaseId} changed while task {TaskId} was saved; applying the change again on the fresh case", caseId, taskId);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
                var now = await fresh.CaseTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
                throw now is null ? new NotFoundException($"Task {taskId} does not exist") : TaskChanged(now, ex);
            }
            catch (DbUpdateException ex) when (firstRevision is { } read)
            {
                // Where rows are locked, not the whole database (PostgreSQL), a racing change of the same task can
                // surface first as its timeline line's key (task-action:id:revision) already taken, before the
                // revision check: the same lost race, when the task moved on.
                await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
                var now = await fresh.CaseTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
                if (now is null)
                    throw new NotFoundException($"Task {taskId} does not exist");
                if (now.Revision != read)
                    throw TaskChanged(now, ex);
                throw;
            }
        }
    }

    // Names what the task became, so the loser of a race knows what won.
    private static ConflictException TaskChanged(CaseTask now, Exception? inner)
    {
        var conflict = new ConflictException($"Task {now.Id} was changed by someone else meanwhile: it is now {Describe(now)}; reload it");
        if (inner is not null)
            conflict.Data["inner"] = inner.Message;
        return conflict;
    }

    private static string Describe(CaseTask task) => task.Status switch
    {
        CaseTaskStatus.Completed => $"completed by {task.CompletedBy ?? "someone"}" + (task.Outcome is null ? "" : $" with outcome {task.Outcome}"),
        CaseTaskStatus.Cancelled => "cancelled",
        _ => task.Assignee is null ? "open and unassigned" : $"open and assigned to {task.Assignee}",
    };
}
