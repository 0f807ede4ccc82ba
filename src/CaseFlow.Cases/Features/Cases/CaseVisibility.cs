using System.Linq.Expressions;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Cases;

/// <summary>
/// Who sees which cases and tasks: the one rule behind every read of them (case search and details with their
/// messages and timeline, notes, the task inboxes and a task's details).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Supervisors, managers and admins see every case and task (there are no teams yet).</item>
/// <item>Anyone else sees a task assigned to or completed by them, an open unassigned task for a role they hold (or
/// for no role), and every task of a case they own.</item>
/// <item>They see a case they own, filed or have a task of (one they see); on it, the form values of the other
/// tasks are withheld.</item>
/// </list>
/// User names and roles compare without case, as everywhere else (claims, reassignments).
/// </remarks>
public static class CaseVisibility
{
    /// <summary>Whether <paramref name="actor"/> sees every case and task.</summary>
    public static bool SeesEverything(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.OverseesTasks;
    }

    /// <summary>The tasks of <paramref name="tasks"/> that <paramref name="actor"/> may see.</summary>
    public static IQueryable<CaseTask> VisibleTo(this IQueryable<CaseTask> tasks, CaseFlowDbContext db, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return SeesEverything(actor) ? tasks : tasks.Where(TaskRule(db, actor));
    }

    /// <summary>The cases of <paramref name="cases"/> that <paramref name="actor"/> may see.</summary>
    public static IQueryable<Case> VisibleTo(this IQueryable<Case> cases, CaseFlowDbContext db, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(db);
        if (SeesEverything(actor))
            return cases;
        var me = Upper(actor.UserName);
        var seen = db.CaseTasks.Where(TaskRule(db, actor));
#pragma warning disable CA1304, CA1311, CA1862 // see Upper
        return cases.Where(c => (c.Owner != null && c.Owner.ToUpper() == me)
            || (c.CreatedBy != null && c.CreatedBy.ToUpper() == me)
            || seen.Any(t => t.CaseId == c.Id));
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>
    /// The case with this id or number if <paramref name="actor"/> may see it. A case they may not see is reported
    /// exactly like one that does not exist: case numbers are sequential, so any other answer would confirm them.
    /// </summary>
    /// <exception cref="NotFoundException">No such case, or one the actor may not see.</exception>
    public static async Task<Case> FindVisibleAsync(CaseFlowDbContext db, string caseIdOrNumber, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Cases.AsNoTracking().VisibleTo(db, actor).Include(c => c.Customer)
            .FirstOrDefaultAsync(c => c.Id == caseIdOrNumber || c.Number == caseIdOrNumber, cancellationToken)
            ?? throw new NotFoundException($"Case {caseIdOrNumber} does not exist");
    }

    // One expression for SQL: a task of a case the actor owns, assigned to or completed by them, or open, unassigned and
    // for a role they hold (or none).
    private static Expression<Func<CaseTask, bool>> TaskRule(CaseFlowDbContext db, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var me = Upper(actor.UserName);
        var roles = actor.Roles.Select(Upper).ToList();
#pragma warning disable CA1304, CA1311, CA1862 // see Upper
        var owned = db.Cases.Where(c => c.Owner != null && c.Owner.ToUpper() == me).Select(c => c.Id);
        return t => (t.Assignee != null && t.Assignee.ToUpper() == me)
            || (t.CompletedBy != null && t.CompletedBy.ToUpper() == me)
            || (t.Status == CaseTaskStatus.Open && t.Assignee == null && (t.CandidateRole == null || roles.Contains(t.CandidateRole.ToUpper())))
            || (t.CaseId != null && owned.Contains(t.CaseId));
#pragma warning restore CA1304, CA1311, CA1862
    }

    // EF translates the parameterless ToUpper to SQL UPPER (culture-free, ASCII); the overloads the analyzers suggest
    // have no SQL translation. The actor's side is upper-cased invariantly to match.
    private static string Upper(string value) => value.ToUpperInvariant();
}
