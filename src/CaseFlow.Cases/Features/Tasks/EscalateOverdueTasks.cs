using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Cases.Features.Tasks;

/// <summary>
/// Level-by-level escalation ("逐級上報", operations standard §7.1; the complaint's "superior leader", service manual
/// §4.2.4): an open task that escalates (<see cref="CaseTask.Escalates"/>) and is overdue goes to the next superior
/// of whoever holds it (its assignee; else the head of its department; else the case's owner), who gets it with a
/// fresh due time and a message. Past the top of the chain it stays where it is and stops escalating. Run by the case
/// sweep every minute.
/// </summary>
/// <remarks>
/// The reassignment, its timeline entry and the message to the new holder are one transaction guarded by the task's
/// revision, so two sweeps escalate a task once per level and the message leaves once.
/// </remarks>
public sealed class EscalateOverdueTasksHandler(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    EscalationChain organisation,
    BusinessCalendar calendar,
    TimeProvider clock,
    ILogger<EscalateOverdueTasksHandler>? logger = null)
{
    /// <summary>Escalates up to <paramref name="batch"/> overdue tasks, earliest due first; returns how many moved up.</summary>
    public async Task<int> EscalateAsync(int batch = 100, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<string> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.CaseTasks.AsNoTracking()
                .Where(t => t.Status == CaseTaskStatus.Open && t.Escalates && t.DueAt != null && t.DueAt <= now)
                .OrderBy(t => t.DueAt)
                .Select(t => t.Id)
                .Take(batch)
                .ToListAsync(cancellationToken);
        }

        var escalated = 0;
        foreach (var id in due)
        {
            // One task that cannot be escalated (a broken organisation entry) must not hold up the others.
            try
            {
                if (await EscalateOneAsync(id, now, cancellationToken))
                    escalated++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                (logger ?? NullLogger<EscalateOverdueTasksHandler>.Instance).LogError(ex, "Task {TaskId} could not be escalated: {Reason}; the next sweep tries again", id, ex.Message);
            }
        }

        return escalated;
    }

    private async Task<bool> EscalateOneAsync(string taskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var task = await db.CaseTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Status != CaseTaskStatus.Open || !task.Escalates || task.DueAt is not { } dueAt || dueAt > now)
            return false;
        var owningCase = task.CaseId is null ? null : await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == task.CaseId, cancellationToken);

        var chain = await ChainAboveAsync(task, owningCase, cancellationToken);
        var next = chain.FirstOrDefault(p => p.UserName is not null && !string.Equals(p.UserName, task.Assignee, StringComparison.OrdinalIgnoreCase));
        var held = task.Assignee ?? (task.Department is null ? $"role {task.CandidateRole}" : $"department {task.Department}");
        if (next is null)
        {
            // The top of the chain (or nobody above with a sign-in): it stays, and is not escalated again.
            task.Escalates = false;
            task.Revision++;
            await AddTimelineAsync(db, task, now, $"Task overdue at the top of the chain: {task.Title}", $"held by {held}; nobody above to escalate to", $"escalation-top:{task.Id}", "taskOverdueAtTop", new() { ["title"] = task.Title, ["held"] = held }, cancellationToken);
            await SaveAsync(db, cancellationToken);
            return false;
        }

        task.EscalationLevel++;
        task.Assignee = next.UserName;
        task.ClaimedAt = now;
        var every = task.EscalateEvery ?? TimeSpan.FromHours(4);
        task.DueAt = TaskCreatedHandler.DueAfter(calendar, owningCase, now, every);
        task.Revision++;
        var level = task.EscalationLevel;
        await AddTimelineAsync(db, task, now, $"Task escalated to {next.Name} (level {level}): {task.Title}", $"not done in time by {held}; due again {task.DueAt:yyyy-MM-dd HH:mm} UTC", $"escalated:{task.Id}:{level}", "taskEscalated", new() { ["title"] = task.Title, ["to"] = next.Name, ["level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture), ["held"] = held }, cancellationToken);
        db.Notifications.Add(new NotificationMessage
        {
            Id = Guid.CreateVersion7().ToString("N"),
            IdempotencyKey = $"task-escalated:{task.Id}:{level}",
            CaseId = task.CaseId,
            WorkflowInstanceId = task.WorkflowInstanceId,
            RecipientKind = RecipientKind.User,
            Recipient = next.UserName!,
            Channel = NotificationChannelNames.Log,
            Subject = $"Escalated to you: {task.Title}",
            Body = $"{task.Title}{(owningCase is null ? "" : $" (case {owningCase.Number})")} was not done in time by {held} and is now yours, due {task.DueAt:yyyy-MM-dd HH:mm} UTC.",
            Status = NotificationStatus.Pending,
            CreatedAt = now,
        });
        return await SaveAsync(db, cancellationToken);
    }

    // Whose superiors: the assignee's; for an unassigned department task its head's (the head is the first level
    // above the department); for another unassigned task the case owner's.
    private async Task<IReadOnlyList<Person>> ChainAboveAsync(CaseTask task, Case? owningCase, CancellationToken cancellationToken)
    {
        if (task.Assignee is { } assignee)
            return await organisation.SuperiorsOfUserAsync(assignee, cancellationToken);
        if (task.Department is { } department && await organisation.HeadOfAsync(department, cancellationToken) is { } head)
            return [head, .. await organisation.SuperiorsOfAsync(head.Id, cancellationToken)];
        if (owningCase?.Owner is { } owner)
            return await organisation.SuperiorsOfUserAsync(owner, cancellationToken);
        return [];
    }

    private static async Task AddTimelineAsync(CaseFlowDbContext db, CaseTask task, DateTimeOffset now, string title, string detail, string sourceId, string code, Dictionary<string, string> args, CancellationToken cancellationToken)
    {
        if (task.CaseId is null)
            return;
        await Timeline.AddOnceAsync(db, new TimelineEntry { CaseId = task.CaseId, At = now, Kind = TimelineKind.Task, Title = title, Detail = detail, SourceId = sourceId, Code = code, Args = args }, cancellationToken);
    }

    private static async Task<bool> SaveAsync(CaseFlowDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Completed, claimed or escalated by someone else meanwhile: their change stands.
            return false;
        }
    }
}
