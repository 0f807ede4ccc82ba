using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Tasks;

/// <summary>Which task inbox to list.</summary>
public enum TaskView
{
    /// <summary>Tasks assigned to the actor.</summary>
    Mine,

    /// <summary>Unassigned tasks for a role the actor holds (or for no role): what they may claim.</summary>
    Available,

    /// <summary>Everyone's tasks: supervisors, managers and admins only.</summary>
    All,
}

/// <summary>A task inbox page; <see cref="CaseId"/> takes a case id or number, <see cref="Status"/> null means any status.</summary>
public sealed record ListTasks(TaskView View, Actor Actor, string? CaseId = null, CaseTaskStatus? Status = CaseTaskStatus.Open, int Page = 1, int PageSize = 25);

/// <summary>A task with the number of its case (null for a task outside a case).</summary>
public sealed record TaskItem(CaseTask Task, string? CaseNumber);

public sealed record TaskPage(IReadOnlyList<TaskItem> Items, int Total, int Page, int PageSize);

/// <summary>
/// The task inboxes and one task's details, with who may see what (<see cref="CaseVisibility"/>): supervisors,
/// managers and admins see every task; anyone else sees the tasks that are theirs (assigned or completed by them),
/// still available to a role they hold, or on a case they own.
/// </summary>
public sealed class TaskQueries(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    /// <summary>A page of the inbox, soonest due first (tasks without a due time after them), then oldest first.</summary>
    /// <exception cref="ForbiddenException"><see cref="TaskView.All"/> asked by someone who does not oversee tasks.</exception>
    public async Task<TaskPage> ListAsync(ListTasks query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.View == TaskView.All && !query.Actor.OverseesTasks)
            throw new ForbiddenException("Only supervisors, managers and admins list everyone's tasks");
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tasks = db.CaseTasks.AsNoTracking().AsQueryable();
        var me = query.Actor.UserName;
        switch (query.View)
        {
            case TaskView.Mine:
                // User names compare without case everywhere else (claims, reassignments), so here too.
                // EF translates the parameterless ToUpper to SQL UPPER (which ignores the culture); the overloads the
                // analyzers suggest have no SQL translation.
                var upper = me.ToUpperInvariant();
#pragma warning disable CA1304, CA1311, CA1862
                tasks = tasks.Where(t => t.Assignee != null && t.Assignee.ToUpper() == upper);
#pragma warning restore CA1304, CA1311, CA1862
                break;
            case TaskView.Available:
                tasks = tasks.Where(t => t.Assignee == null);
                if (!query.Actor.IsInRole(CaseRoles.Admin))
                {
                    var roles = query.Actor.Roles.ToList();
                    tasks = tasks.Where(t => t.CandidateRole == null || roles.Contains(t.CandidateRole));
                }

                break;
        }

        if (query.CaseId is { Length: > 0 } caseKey)
        {
            var caseId = await db.Cases.AsNoTracking().Where(c => c.Id == caseKey || c.Number == caseKey).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken) ?? caseKey;
            tasks = tasks.Where(t => t.CaseId == caseId);
        }

        if (query.Status is { } status)
            tasks = tasks.Where(t => t.Status == status);

        var total = await tasks.CountAsync(cancellationToken);
        var rows = await tasks
            .OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(t => new { Task = t, Number = db.Cases.Where(c => c.Id == t.CaseId).Select(c => c.Number).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return new TaskPage([.. rows.Select(r => new TaskItem(r.Task, r.Number))], total, page, size);
    }

    /// <summary>One task with its form and outcomes.</summary>
    /// <exception cref="NotFoundException">No such task.</exception>
    /// <exception cref="ForbiddenException">The actor may not see it (<see cref="CaseVisibility"/>).</exception>
    /// <remarks>
    /// A task the actor may not see answers 403, not 404 as a case does: task ids are random and only learnt from a
    /// case or an inbox the actor saw, and a 403 tells someone whose task was just reassigned why it is gone.
    /// </remarks>
    public async Task<TaskItem> GetAsync(string taskId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await db.CaseTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new NotFoundException($"Task {taskId} does not exist");
        if (!await db.CaseTasks.Where(t => t.Id == taskId).VisibleTo(db, actor).AnyAsync(cancellationToken))
            throw new ForbiddenException($"Task {taskId} is neither yours, available to your roles, nor on a case you own");
        return new TaskItem(task, await CaseNumberAsync(db, task, cancellationToken));
    }

    /// <summary>The task as the commands return it, with its case's number.</summary>
    public async Task<TaskItem> DescribeAsync(CaseTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.CaseId is null)
            return new TaskItem(task, null);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new TaskItem(task, await CaseNumberAsync(db, task, cancellationToken));
    }

    private static async Task<string?> CaseNumberAsync(CaseFlowDbContext db, CaseTask task, CancellationToken cancellationToken) =>
        task.CaseId is null ? null : await db.Cases.AsNoTracking().Where(c => c.Id == task.CaseId).Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);
}
