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

    /// <summary>The cases this one belongs with, those the reader may see.</summary>
    public IReadOnlyList<LinkedCase> Links { get; init; } = [];
}

/// <summary>How a linked case relates to the case shown.</summary>
public enum CaseRelation
{
    /// <summary>The emergency this case is part of (its follow-up may wait for it).</summary>
    Emergency,

    /// <summary>A case linked to this emergency (or drill).</summary>
    Linked,

    /// <summary>The case this one follows up (a reopened complaint's original).</summary>
    FollowUpOf,

    /// <summary>A follow-up case opened from this one.</summary>
    FollowUp,
}

/// <summary>A case linked to the one shown: which, how, why and when.</summary>
public sealed record LinkedCase(string CaseId, string Number, CaseType Type, CaseStatus Status, CaseRelation Relation, string? Reason, DateTimeOffset At);

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

        var links = await LinksAsync(db, found, reader, cancellationToken);
        return new CaseDetails(
            found,
            [.. tasks.OrderBy(t => t.CreatedAt)],
            [.. notes.OrderBy(n => n.CreatedAt)],
            [.. transfers.OrderBy(t => t.At)],
            [.. timeline.OrderBy(t => t.At).ThenBy(t => t.Source == "workflow" ? 0 : 1)])
        {
            DataWithheld = withheld,
            Links = links,
        };
    }

    private static async Task<List<LinkedCase>> LinksAsync(CaseFlowDbContext db, Case shown, Actor reader, CancellationToken cancellationToken)
    {
        var id = shown.Id;
        var rows = await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == id || l.LinkedCaseId == id).ToListAsync(cancellationToken);
        var related = new List<(string CaseId, CaseRelation Relation, string? Reason, DateTimeOffset? At)>();
        foreach (var link in rows)
            related.Add(link.CaseId == id ? (link.LinkedCaseId, CaseRelation.Linked, link.Reason, link.LinkedAt) : (link.CaseId, CaseRelation.Emergency, link.Reason, link.LinkedAt));
        if (shown.ParentCaseId is { } parent)
            related.Add((parent, CaseRelation.FollowUpOf, null, null));
        foreach (var child in await db.Cases.AsNoTracking().Where(c => c.ParentCaseId == id).Select(c => c.Id).ToListAsync(cancellationToken))
            related.Add((child, CaseRelation.FollowUp, null, null));
        if (related.Count == 0)
            return [];

        // Only what the reader may open themselves: a link is no way round the cases' visibility.
        var ids = related.Select(r => r.CaseId).Distinct(StringComparer.Ordinal).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).VisibleTo(db, reader)
            .Select(c => new { c.Id, c.Number, c.Type, c.Status, c.CreatedAt })
            .ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, cancellationToken);
        return [.. related.Where(r => cases.ContainsKey(r.CaseId))
            .Select(r => { var c = cases[r.CaseId]; return new LinkedCase(c.Id, c.Number, c.Type, c.Status, r.Relation, r.Reason, r.At ?? c.CreatedAt); })
            .OrderBy(l => l.At)];
    }
}
