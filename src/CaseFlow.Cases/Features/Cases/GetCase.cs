using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Surveys;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Cases;

/// <summary>One line of a case's timeline, from its own events or from its workflow's journal.</summary>
/// <summary>A line of a case's timeline; <see cref="Code"/> and <see cref="Args"/> say it for translation (see <see cref="Domain.TimelineEntry.Code"/>).</summary>
public sealed record TimelineItem(DateTimeOffset At, string Kind, string Title, string? Actor, string? Detail, string Source)
{
    public string? Code { get; init; }
    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A case as one person may see it. <see cref="DataWithheld"/> names the tasks whose form values were left out
/// (their <see cref="CaseTask.Data"/> is empty here): tasks of the case that the reader may not see.
/// </summary>
public sealed record CaseDetails(Case Case, IReadOnlyList<CaseTask> Tasks, IReadOnlyList<CaseNote> Notes, IReadOnlyList<CaseTransfer> Transfers, IReadOnlyList<TimelineItem> Timeline)
{
    public IReadOnlySet<string> DataWithheld { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>
/// A case with its tasks, notes, transfers and one timeline: the case's events merged, in time order, with the
/// workflow steps its instance completed (from the journal). Only for a reader who may see the case
/// (<see cref="CaseVisibility"/>); the form values of tasks they may not see are withheld.
/// </summary>
public sealed class GetCaseHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, IWorkflowInstanceStore instances, Audit.CustomerDataAudit audit)
{
    private const int MaxJournal = 5000;

    /// <exception cref="NotFoundException">No such case, or one <paramref name="reader"/> may not see.</exception>
    public async Task<CaseDetails> HandleAsync(string caseIdOrNumber, Actor reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await CaseVisibility.FindVisibleAsync(db, caseIdOrNumber, reader, cancellationToken);
        if (found.CustomerId is not null)
            await audit.RecordAsync(reader, "read", found.Id, found.CustomerId, "case " + found.Number, cancellationToken);
        var tasks = await db.CaseTasks.AsNoTracking().Where(t => t.CaseId == found.Id).ToListAsync(cancellationToken);
        var seen = await db.CaseTasks.AsNoTracking().Where(t => t.CaseId == found.Id).VisibleTo(db, reader).Select(t => t.Id).ToListAsync(cancellationToken);
        var withheld = tasks.Select(t => t.Id).Except(seen, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        foreach (var task in tasks.Where(t => withheld.Contains(t.Id)))
            task.Data = [];
        var notes = await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == found.Id).ToListAsync(cancellationToken);
        var transfers = await db.CaseTransfers.AsNoTracking().Where(t => t.CaseId == found.Id).ToListAsync(cancellationToken);
        var entries = await db.Timeline.AsNoTracking().Where(e => e.CaseId == found.Id).ToListAsync(cancellationToken);

        // Survey links are redacted when stored; this also covers rows written before that.
        var timeline = entries.Select(e => new TimelineItem(e.At, e.Kind.ToString(), e.Title, e.Actor, SurveyLinks.Redact(e.Detail), "case") { Code = e.Code, Args = e.Args }).ToList();
        if (found.WorkflowInstanceId is { } instanceId)
        {
            foreach (var record in await instances.GetJournalAsync(instanceId, 0, MaxJournal, cancellationToken))
            {
                if (record.EventName is not (JournalEvents.Completed or JournalEvents.Faulted) || record.ActivityType is "Elsa.Flowchart" or "Elsa.Workflow" or "Elsa.Start")
                    continue;
                timeline.Add(new TimelineItem(record.Timestamp, "Step", $"{record.ActivityName ?? record.ActivityId} {record.EventName.ToLowerInvariant()}", null, record.ActivityType, "workflow")
                {
                    Code = record.EventName == JournalEvents.Completed ? "stepCompleted" : "stepFaulted",
                    Args = new Dictionary<string, string> { ["activity"] = record.ActivityName ?? record.ActivityId },
                });
            }
        }

        return new CaseDetails(
            found,
            [.. tasks.OrderBy(t => t.CreatedAt)],
            [.. notes.OrderBy(n => n.CreatedAt)],
            [.. transfers.OrderBy(t => t.At)],
            [.. timeline.OrderBy(t => t.At).ThenBy(t => t.Source == "workflow" ? 0 : 1)])
        {
            DataWithheld = withheld,
        };
    }
}
