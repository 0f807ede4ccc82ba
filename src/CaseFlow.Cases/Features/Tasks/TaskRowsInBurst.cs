using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Live;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Store;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Cases.Features.Tasks;

/// <summary>
/// Writes the tasks a burst hands out (and their timeline lines) in the burst's own transaction: a new case's first
/// task is in the inbox when the intake answers, not a relay delivery later. The <see cref="CaseOutboxKinds.TaskCreated"/>
/// message is still delivered; <see cref="TaskCreatedHandler"/> then finds the row and only refreshes the case's facts
/// on it. What the task needs (the case, its links, the department's head) is read before the transaction begins.
/// </summary>
internal sealed partial class TaskRowsInBurst(IDbContextFactory<CaseFlowDbContext> dbFactory, BusinessCalendar calendar, EscalationChain organisation, LiveUpdates live, ILogger<TaskRowsInBurst>? logger = null) : IBurstRows
{
    public async ValueTask<IReadOnlyList<object>> RowsForAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (!commit.Outbox.Any(m => m.Kind == CaseOutboxKinds.TaskCreated))
            return [];
        var rows = new List<object>();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var message in commit.Outbox)
            {
                if (message.Kind != CaseOutboxKinds.TaskCreated)
                    continue;
                var (task, line) = await TaskCreatedHandler.BuildAsync(db, calendar, organisation, message, cancellationToken);
                rows.Add(task);
                if (line is not null)
                    rows.Add(line);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The message's delivery creates the task instead, as it did before bursts wrote tasks.
            LogNotWritten(logger ?? NullLogger<TaskRowsInBurst>.Instance, ex, commit.InstanceId, ex.Message);
            return [];
        }

        return rows;
    }

    public void Committed(IReadOnlyList<object> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        List<LiveChange>? changes = null;
        foreach (var row in rows)
        {
            var change = row switch
            {
                CaseTask task => new LiveChange(LiveChange.Task, task.Id, task.CaseId),
                TimelineEntry line => new LiveChange(LiveChange.Case, line.CaseId, line.CaseId),
                _ => null,
            };
            if (change is not null)
                (changes ??= []).Add(change);
        }

        if (changes is not null)
            live.PublishSaved([.. changes.Distinct()]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The tasks of instance {InstanceId} are left to their messages' delivery: {Reason}")]
    private static partial void LogNotWritten(ILogger logger, Exception exception, string instanceId, string reason);
}
