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

    /// <summary>Tasks assigned to the people who report to the actor, directly or further down (the organisation's superior chain).</summary>
    Team,
}

/// <summary>The order of an inbox page.</summary>
public enum TaskSort
{
    /// <summary>Soonest due first (tasks without a due time after them), then oldest first.</summary>
    Due,

    /// <summary>Most urgent first, then soonest due.</summary>
    Priority,

    /// <summary>Newest first.</summary>
    Newest,

    /// <summary>Oldest first.</summary>
    Oldest,
}

/// <summary>What an inbox page is narrowed to; null: any. <see cref="Drill"/> false leaves drills out, true shows only them.</summary>
public sealed record TaskFilter(
    CaseType? CaseType = null,
    string? Category = null,
    CasePriority? Priority = null,
    CaseChannel? Channel = null,
    bool? EmergencyLinked = null,
    bool? Drill = null);

/// <summary>A task inbox page; <see cref="CaseId"/> takes a case id or number, <see cref="Status"/> null means any status.</summary>
public sealed record ListTasks(
    TaskView View,
    Actor Actor,
    string? CaseId = null,
    CaseTaskStatus? Status = CaseTaskStatus.Open,
    int Page = 1,
    int PageSize = 25,
    TaskFilter? Filter = null,
    TaskSort Sort = TaskSort.Due);

/// <summary>
/// A task with the number of its case (null for a task outside a case) and, in inbox pages, when the case's soonest
/// running SLA clock is due (the deadline a task without a due time of its own still works against).
/// </summary>
public sealed record TaskItem(CaseTask Task, string? CaseNumber, DateTimeOffset? CaseDueAt = null);

/// <summary>A page of tasks; <see cref="Total"/> counts at most <see cref="TaskQueries.CountLimit"/> (then <see cref="TotalIsCapped"/>).</summary>
public sealed record TaskPage(IReadOnlyList<TaskItem> Items, int Total, int Page, int PageSize, bool TotalIsCapped = false);

/// <summary>
/// The task inboxes and one task's details, with who may see what (<see cref="CaseVisibility"/>): supervisors,
/// managers and admins see every task; anyone else sees the tasks that are theirs (assigned or completed by them),
/// still available to a role they hold, or on a case they own.
/// </summary>
public sealed class TaskQueries(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// How far an inbox counts: beyond it the total reads "10,000+". Counting every one of 100,000 open tasks on each
    /// page would cost more than reading the page, and no one pages that far.
    /// </summary>
    public const int CountLimit = 10_000;

    /// <summary>A page of the inbox, soonest due first (tasks without a due time after them), then oldest first.</summary>
    /// <exception cref="ForbiddenException"><see cref="TaskView.All"/> asked by someone who does not oversee tasks.</exception>
    public async Task<TaskPage> ListAsync(ListTasks query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.View == TaskView.All && !query.Actor.OverseesTasks)
            throw new ForbiddenException("Only supervisors, managers and admins list everyone's tasks");
        if (query.View == TaskView.Team && !query.Actor.OverseesTasks)
            throw new ForbiddenException("Only supervisors, managers and admins list their team's tasks");
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
                tasks = tasks.Where(t => t.Assignee!.ToUpper() == upper);
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
            case TaskView.Team:
                var team = (await TeamAsync(db, query.Actor, cancellationToken)).Select(name => name.ToUpperInvariant()).ToList();
#pragma warning disable CA1304, CA1311, CA1862 // see Mine
                tasks = tasks.Where(t => team.Contains(t.Assignee!.ToUpper()));
#pragma warning restore CA1304, CA1311, CA1862
                break;
        }

        tasks = Filtered(tasks, query.Filter);

        if (query.CaseId is { Length: > 0 } caseKey)
        {
            var caseId = await db.Cases.AsNoTracking().Where(c => c.Id == caseKey || c.Number == caseKey).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken) ?? caseKey;
            tasks = tasks.Where(t => t.CaseId == caseId);
        }

        if (query.Status is { } status)
            tasks = tasks.Where(t => t.Status == status);

        var counted = await tasks.Take(CountLimit + 1).CountAsync(cancellationToken);
        var rows = await Sorted(tasks, query.Sort)
            .Skip((page - 1) * size).Take(size)
            .Select(t => new
            {
                Task = t,
                Number = db.Cases.Where(c => c.Id == t.CaseId).Select(c => c.Number).FirstOrDefault(),
                CaseDueAt = db.SlaClocks.Where(c => c.CaseId == t.CaseId && c.Status == SlaClockStatus.Running).Min(c => (DateTimeOffset?)c.DueAt),
            })
            .ToListAsync(cancellationToken);
        return new TaskPage([.. rows.Select(r => new TaskItem(r.Task, r.Number, r.CaseDueAt))], Math.Min(counted, CountLimit), page, size, counted > CountLimit);
    }

    private static IQueryable<CaseTask> Filtered(IQueryable<CaseTask> tasks, TaskFilter? filter)
    {
        if (filter is null)
            return tasks;
        if (filter.CaseType is { } type)
            tasks = tasks.Where(t => t.CaseType == type);
        if (filter.Category is { Length: > 0 } category)
            tasks = tasks.Where(t => t.Category == category);
        if (filter.Priority is { } priority)
            tasks = tasks.Where(t => t.Priority == priority);
        if (filter.Channel is { } channel)
            tasks = tasks.Where(t => t.Channel == channel);
        if (filter.EmergencyLinked is { } linked)
            tasks = tasks.Where(t => t.EmergencyLinked == linked);
        if (filter.Drill is { } drill)
            tasks = tasks.Where(t => t.IsDrill == drill);
        return tasks;
    }

    // Each order ends on the id, so a page boundary never splits or repeats tasks with equal keys.
    private static IOrderedQueryable<CaseTask> Sorted(IQueryable<CaseTask> tasks, TaskSort sort) => sort switch
    {
        TaskSort.Priority => tasks.OrderByDescending(t => t.Priority).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id),
        TaskSort.Newest => tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        TaskSort.Oldest => tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
        _ => tasks.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id),
    };

    /// <summary>
    /// The user names of everyone below the actor in the organisation (their reports, their reports' reports...); empty
    /// when the actor is nobody in it. The organisation is small next to the tasks, so it is walked in memory.
    /// </summary>
    private static async Task<IReadOnlyList<string>> TeamAsync(CaseFlowDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        var people = await db.People.AsNoTracking().Select(p => new { p.Id, p.SuperiorId, p.UserName }).ToListAsync(cancellationToken);
        var reports = people.Where(p => p.SuperiorId is not null).ToLookup(p => p.SuperiorId!, StringComparer.Ordinal);
        var start = people.Where(p => string.Equals(p.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        var queue = new Queue<string>(start);
        while (queue.TryDequeue(out var id))
        {
            foreach (var report in reports[id])
            {
                if (!seen.Add(report.Id))
                    continue;
                if (report.UserName is { Length: > 0 } name)
                    names.Add(name);
                queue.Enqueue(report.Id);
            }
        }

        return names;
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
