using System.Globalization;
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
/// </summary>
public sealed class TaskCommands(IDbContextFactory<CaseFlowDbContext> dbFactory, DurableWorkflowRuntime runtime, TimeProvider clock, WorkflowRunnerOptions runnerOptions, ILogger<TaskCommands>? logger = null)
{
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
            await AddTimelineAsync(db, task, $"Task claimed: {task.Title}", command.Actor.UserName, null, "claimed", cancellationToken);
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
            await AddTimelineAsync(db, task, $"Task released: {task.Title}", command.Actor.UserName, null, "released", cancellationToken);
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
            await AddTimelineAsync(db, task, $"Task reassigned: {task.Title}", command.Actor.UserName, $"from {previous ?? "nobody"} to {task.Assignee}" + (command.Reason is { Length: > 0 } r ? $": {r}" : ""), "reassigned", cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Completes the task, then resumes the workflow on the outcome's port with the form's values. The completion is
    /// saved first (the revision check picks one winner); should the process stop before the workflow took it,
    /// <see cref="ResumeCompletedAsync"/> hands it over again (the runtime ignores a second delivery of one task).
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

            task.Data = Validate(task, command, runnerOptions);
            task.Outcome = task.Outcomes.First(o => string.Equals(o, command.Outcome, StringComparison.OrdinalIgnoreCase));
            task.Status = CaseTaskStatus.Completed;
            task.CompletedAt = clock.GetUtcNow();
            task.CompletedBy = command.Actor.UserName;
            await AddTimelineAsync(db, task, $"Task completed: {task.Title}", command.Actor.UserName, $"outcome {task.Outcome}", "completed", cancellationToken);
        }, cancellationToken);

        await ResumeAsync(completed, cancellationToken);
        return completed;
    }

    /// <summary>Hands completed tasks whose workflow has not taken them yet to the workflow (start-up recovery, a sweep).</summary>
    public async Task<int> ResumeCompletedAsync(CancellationToken cancellationToken = default)
    {
        List<CaseTask> owed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            owed = await db.CaseTasks.AsNoTracking().Where(t => t.Status == CaseTaskStatus.Completed && t.ResumedAt == null).OrderBy(t => t.CompletedAt).Take(500).ToListAsync(cancellationToken);
        foreach (var task in owed)
        {
            // One task whose workflow cannot be resumed (its instance cannot be loaded) must not hold up the others.
            try
            {
                await ResumeAsync(task, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                (logger ?? NullLogger<TaskCommands>.Instance).LogError(ex, "Completed task {TaskId} could not be handed to workflow instance {InstanceId}: {Reason}; the next sweep tries again", task.Id, task.WorkflowInstanceId, ex.Message);
            }
        }

        return owed.Count;
    }

    private async Task ResumeAsync(CaseTask task, CancellationToken cancellationToken)
    {
        await runtime.ResumeStimulusAsync(
            HumanTask.BookmarkName,
            new Dictionary<string, object?> { ["taskId"] = task.Id },
            new Dictionary<string, object?> { ["outcome"] = task.Outcome, ["data"] = new Dictionary<string, object?>(task.Data), ["completedBy"] = task.CompletedBy },
            "task:" + task.Id,
            cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.CaseTasks.Where(t => t.Id == task.Id && t.ResumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ResumedAt, clock.GetUtcNow()), cancellationToken);
    }

    private static Dictionary<string, object?> Validate(CaseTask task, CompleteTask command, WorkflowRunnerOptions runnerOptions)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(command.Outcome))
            errors.Add("outcome", $"An outcome is required: one of {string.Join(", ", task.Outcomes)}.");
        else if (!task.Outcomes.Contains(command.Outcome, StringComparer.OrdinalIgnoreCase))
            errors.Add("outcome", $"'{command.Outcome}' is not an outcome of this task: one of {string.Join(", ", task.Outcomes)}.");

        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        var given = command.Data ?? new Dictionary<string, object?>();
        foreach (var field in task.Form)
        {
            var value = given.TryGetValue(field.Name, out var v) ? v : null;
            if (value is null || value is string { Length: 0 } || (value is string s && string.IsNullOrWhiteSpace(s)))
            {
                if (field.Required)
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} is required.");
                continue;
            }

            switch (field.Type)
            {
                case "select" when field.Options is { Count: > 0 } options && !options.Contains(Convert.ToString(value, CultureInfo.InvariantCulture), StringComparer.Ordinal):
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be one of {string.Join(", ", options)}.");
                    break;
                case "number" when !IsNumber(value):
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be a number.");
                    break;
                case "boolean" when value is not bool:
                    errors.Add($"data.{field.Name}", $"{field.Label ?? field.Name} must be true or false.");
                    break;
                default:
                    data[field.Name] = value;
                    break;
            }

            data.TryAdd(field.Name, value);

            // The values become workflow variables: what the workflow could not store is refused here, not faulted there.
            if (runnerOptions.StoredValueProblem("Value", field.Name, value) is { } tooBig)
                errors.Add($"data.{field.Name}", tooBig);
        }

        // Values for fields the form does not declare are ignored: a task's variables are what its form says.
        errors.ThrowIfAny();
        return data;
    }

    private static bool IsNumber(object value) => value is int or long or double or decimal or float
        || (value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static bool MayTake(CaseTask task, Actor actor) =>
        task.CandidateRole is null || actor.IsInRole(task.CandidateRole) || actor.OverseesTasks;

    /// <summary>
    /// The user a task is reassigned to, with the roles they hold now: they must exist and not be locked out
    /// (400 naming <c>assignee</c> otherwise). The stored spelling of the user name is what the task keeps.
    /// </summary>
    private async Task<Actor> FindHolderAsync(CaseFlowDbContext db, string userName, CancellationToken cancellationToken)
    {
        var normalized = userName.ToUpperInvariant();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.UserName, u.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        var shown = userName.Length > 64 ? userName[..64] + "…" : userName;
        if (user?.UserName is null)
            throw ValidationException.For("assignee", $"There is no user '{shown}'.");
        if (user.LockoutEnd is { } lockedUntil && lockedUntil > clock.GetUtcNow())
            throw ValidationException.For("assignee", $"{user.UserName} is locked out and cannot take tasks.");
        var roles = await (from link in db.UserRoles
                           join role in db.Roles on link.RoleId equals role.Id
                           where link.UserId == user.Id && role.Name != null
                           select role.Name!).ToListAsync(cancellationToken);
        return new Actor(user.UserName, new HashSet<string>(roles, StringComparer.OrdinalIgnoreCase));
    }

    private static void EnsureOpen(CaseTask task)
    {
        if (task.Status != CaseTaskStatus.Open)
            throw new ConflictException($"Task {task.Id} is {task.Status.ToString().ToLowerInvariant()}");
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

    private async Task AddTimelineAsync(CaseFlowDbContext db, CaseTask task, string title, string actor, string? detail, string action, CancellationToken cancellationToken)
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
        }, cancellationToken);
    }

    private async Task<CaseTask> ChangeAsync(string taskId, Func<CaseFlowDbContext, CaseTask, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await db.CaseTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new NotFoundException($"Task {taskId} does not exist");
        await change(db, task);
        if (!db.ChangeTracker.HasChanges())
            return task;
        task.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConflictException($"Task {taskId} was changed by someone else; reload it") { Data = { ["inner"] = ex.Message } };
        }

        return task;
    }
}
