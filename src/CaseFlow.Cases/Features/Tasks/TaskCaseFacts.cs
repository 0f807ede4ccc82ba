using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Tasks;

/// <summary>
/// Keeps the copies of a case's facts on its tasks (<see cref="CaseTask.CaseType"/>, <see cref="CaseTask.Category"/>,
/// <see cref="CaseTask.Channel"/>, <see cref="CaseTask.EmergencyLinked"/>) equal to the case.
/// </summary>
/// <remarks>
/// One statement copies the facts as the database holds them when it runs, never values read earlier, so the order in
/// which refreshes run does not matter: whoever changes a case's facts (or its links) refreshes after saving, and a
/// new task refreshes after it is saved. Whichever of a task's insert and a case's change commits last is followed by
/// a refresh that sees both.
/// </remarks>
public static class TaskCaseFacts
{
    public static Task<int> RefreshAsync(CaseFlowDbContext db, string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.CaseTasks.Where(t => t.CaseId == caseId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.CaseType, t => db.Cases.Where(c => c.Id == t.CaseId).Select(c => (CaseType?)c.Type).FirstOrDefault())
            .SetProperty(t => t.Category, t => db.Cases.Where(c => c.Id == t.CaseId).Select(c => c.Category).FirstOrDefault())
            .SetProperty(t => t.Channel, t => db.Cases.Where(c => c.Id == t.CaseId).Select(c => (CaseChannel?)c.Channel).FirstOrDefault())
            .SetProperty(t => t.EmergencyLinked, t => db.CaseLinks.Any(l => l.LinkedCaseId == t.CaseId)), cancellationToken);
    }

    /// <summary>Sets the copies on a task about to be saved (the refresh after the save catches a change in between).</summary>
    public static void Copy(Case source, CaseTask task, bool emergencyLinked)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(task);
        task.CaseType = source.Type;
        task.Category = source.Category;
        task.Channel = source.Channel;
        task.EmergencyLinked = emergencyLinked;
    }
}
