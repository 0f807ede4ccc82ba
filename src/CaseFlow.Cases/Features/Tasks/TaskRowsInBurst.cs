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
/// A task handed out after a <c>SetCase</c> in the same burst is left to its message, so that it never shows before
/// the case change that came first.
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
                // A task after a change of its case in the same burst (classified, then handled) waits for its
                // message, delivered after the change's: whoever sees the task sees the case as the workflow left it.
                if (message.Kind == CaseOutboxKinds.CaseUpdated)
                    break;
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
        var changes = rows.Select(LiveChange.Of).OfType<LiveChange>().Distinct().ToList();
        if (changes.Count > 0)
            live.PublishSaved(changes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The tasks of instance {InstanceId} are left to their messages' delivery: {Reason}")]
    private static partial void LogNotWritten(ILogger logger, Exception exception, string instanceId, string reason);
}
