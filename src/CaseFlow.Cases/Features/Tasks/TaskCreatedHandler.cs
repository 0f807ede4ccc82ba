using System.Globalization;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Tasks;

/// <summary>
/// Creates the task a <c>CaseFlow.HumanTask</c> waits on, after its burst committed, when the burst did not write it
/// itself (<see cref="TaskRowsInBurst"/> does on CaseFlow's store). Idempotent: the task id is the row's key, so a
/// message whose row exists stops there, after bringing the task's copies of the case's facts up to date. The due
/// time is counted on the business calendar from the moment the task was handed out (on the wall clock for an
/// emergency). A department's task is assigned to the department's head unless the workflow named someone.
/// </summary>
public sealed class TaskCreatedHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, BusinessCalendar calendar, EscalationChain organisation) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.TaskCreated];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var taskId = (string)message.Payload["taskId"]!;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.CaseTasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.CaseId }).FirstOrDefaultAsync(cancellationToken) is { } written)
        {
            // Written with its burst, from the case as it was read before that commit: the case may have been classified
            // or linked since, by someone whose refresh ran before the task's row was there to see.
            if (written.CaseId is not null)
                await TaskCaseFacts.RefreshAsync(db, written.CaseId, cancellationToken);
            return;
        }

        var (task, line) = await BuildAsync(db, calendar, organisation, message, cancellationToken);
        db.CaseTasks.Add(task);
        if (line is not null)
            await Timeline.AddOnceAsync(db, line, cancellationToken);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Delivered twice at once: the other delivery created it.
            if (!await RowExistsAsync(taskId, cancellationToken))
                throw;
        }

        // The case may have been classified or linked since it was read above.
        if (task.CaseId is not null)
            await TaskCaseFacts.RefreshAsync(db, task.CaseId, cancellationToken);
    }

    /// <summary>
    /// The task a <see cref="CaseOutboxKinds.TaskCreated"/> message asks for and its line on the case's timeline
    /// (none without a case), from the case, its links and the organisation as <paramref name="db"/> reads them now.
    /// </summary>
    internal static async Task<(CaseTask Task, TimelineEntry? Line)> BuildAsync(CaseFlowDbContext db, BusinessCalendar calendar, EscalationChain organisation, OutboxMessage message, CancellationToken cancellationToken)
    {
        var p = message.Payload;
        var taskId = (string)p["taskId"]!;
        var caseId = p.GetValueOrDefault("caseId") as string;
        // The case and whether it is linked to an emergency, in one round trip (an intake waits for it on PostgreSQL).
        var found = caseId is null ? null : await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { Case = c, Linked = db.CaseLinks.Any(l => l.LinkedCaseId == c.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        var owningCase = found?.Case;
        var assignee = p.GetValueOrDefault("assignee") as string;
        if (assignee is null && p.GetValueOrDefault("assignToCaseOwner") is true)
            assignee = owningCase?.Owner;
        var department = p.GetValueOrDefault("department") as string;
        // A department's task goes to its head (or the nearest active superior standing in); a head without a sign-in
        // leaves it to the candidate role.
        if (assignee is null && department is not null)
            assignee = (await organisation.HeadOfAsync(department, cancellationToken))?.UserName;
        var dueIn = p.GetValueOrDefault("dueIn") is string text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : (TimeSpan?)null;
        var task = new CaseTask
        {
            Id = taskId,
            Kind = p.GetValueOrDefault("kind") as string ?? "Task",
            CaseId = owningCase?.Id,
            IsDrill = owningCase?.IsDrill ?? false,
            WorkflowInstanceId = message.InstanceId,
            ActivityId = (string)p["activityId"]!,
            ActivityInstanceId = (string)p["activityInstanceId"]!,
            Title = p.GetValueOrDefault("title") as string ?? "Task",
            Instructions = p.GetValueOrDefault("instructions") as string,
            Assignee = assignee,
            CandidateRole = p.GetValueOrDefault("candidateRole") as string,
            Department = department,
            Outcomes = ValueConverter.Convert<string[]>(p.GetValueOrDefault("outcomes"))?.ToList() ?? ["Done"],
            Form = ReadForm(p.GetValueOrDefault("form")),
            Priority = Enum.TryParse<CasePriority>(p.GetValueOrDefault("priority") as string, true, out var priority) ? priority : CasePriority.Normal,
            DueAt = dueIn is { } due ? DueAfter(calendar, owningCase, message.CreatedAt, due) : null,
            Status = CaseTaskStatus.Open,
            Escalates = p.GetValueOrDefault("escalate") is true && dueIn is not null,
            EscalateEvery = p.GetValueOrDefault("escalate") is true ? dueIn : null,
            CreatedAt = message.CreatedAt,
            ClaimedAt = assignee is null ? null : message.CreatedAt,
        };
        if (owningCase is null)
            return (task, null);

        TaskCaseFacts.Copy(owningCase, task, found!.Linked);
        var followUp = task.Kind == "FollowUp";
        return (task, new TimelineEntry
        {
            CaseId = owningCase.Id,
            At = message.CreatedAt,
            Kind = followUp ? TimelineKind.FollowUp : TimelineKind.Task,
            Title = followUp ? $"Follow-up due: {task.Title}" : $"Task created: {task.Title}",
            Code = followUp ? "followUpDue" : "taskCreated",
            Args = new() { ["title"] = task.Title, ["assignee"] = task.Assignee ?? "", ["role"] = task.Assignee is null ? task.CandidateRole ?? "" : "", ["department"] = department ?? "" },
            Actor = task.Assignee,
            Detail = (task.Assignee is null ? $"for role {task.CandidateRole}" : $"assigned to {task.Assignee}") + (department is null ? "" : $", department {department}"),
            SourceId = "task-created:" + taskId,
        });
    }

    private async Task<bool> RowExistsAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CaseTasks.AnyAsync(t => t.Id == taskId, cancellationToken);
    }

    /// <summary>
    /// When a task handed out at <paramref name="from"/> with <paramref name="time"/> to do it is due: on the business
    /// calendar, except for an emergency, which runs round the clock (its steps' time nodes are wall-clock time).
    /// </summary>
    internal static DateTimeOffset DueAfter(BusinessCalendar calendar, Case? owningCase, DateTimeOffset from, TimeSpan time) =>
        owningCase?.Type == CaseType.Emergency ? from + time : calendar.AddBusinessTime(from, time);

    /// <summary>The form fields of a HumanTask's <c>form</c> input (a list of objects); unusable entries are skipped.</summary>
    public static List<FormField> ReadForm(object? value)
    {
        var fields = new List<FormField>();
        if (value is not IEnumerable<object?> items || value is string)
            return fields;
        foreach (var item in items)
        {
            if (item is not IReadOnlyDictionary<string, object?> f || f.GetValueOrDefault("name") is not string { Length: > 0 } name)
                continue;
            fields.Add(new FormField
            {
                Name = name,
                Label = f.GetValueOrDefault("label") as string,
                Type = f.GetValueOrDefault("type") as string ?? "text",
                Required = f.GetValueOrDefault("required") is true,
                RequiredFor = ValueConverter.Convert<string[]>(f.GetValueOrDefault("requiredFor")),
                Options = ValueConverter.Convert<string[]>(f.GetValueOrDefault("options")),
            });
        }

        return fields;
    }
}
