using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Cases;

/// <summary>
/// Applies a <c>CaseFlow.SetCase</c> to its case after the burst committed. Setting a value twice gives the same
/// case, and the timeline entry is keyed by the message id, so a redelivery changes nothing.
/// </summary>
/// <remarks>
/// Order-safe on its own: each value remembers the sequence of the workflow update that set it
/// (<see cref="Case.WorkflowUpdateSequences"/>), so an older update that arrives after a newer one (a retried job, a
/// duplicate delivery racing a later message) leaves the newer value alone and only notes on the timeline what it
/// would have set; applying a workflow's updates in any order gives the case the in-order result. The check and the
/// write are one save under the case's revision, so two updates applied at once cannot both win. Updates of
/// different instances of one case have no order between them: the later applied wins, as an agent's edit does.
/// </remarks>
public sealed class CaseUpdatedHandler(IDbContextFactory<CaseFlowDbContext> dbFactory) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.CaseUpdated];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var p = message.Payload;
        if (p.GetValueOrDefault("caseId") is not string caseId)
            return;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var target = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            if (target is null)
                return;
            var sequences = new Dictionary<string, long>(target.WorkflowUpdateSequences, StringComparer.Ordinal);
            var changes = new List<string>();
            var overtaken = new List<string>();
            var args = new Dictionary<string, string>(StringComparer.Ordinal); // the changes again, for a screen to say
            if (p.GetValueOrDefault("status") is string s && Enum.TryParse<CaseStatus>(s, true, out var status))
            {
                if (!WorkflowUpdateOrder.Claim(sequences, message, "status"))
                {
                    overtaken.Add($"status {status}");
                }
                else if (status != target.Status)
                {
                    changes.Add($"status {target.Status} → {status}");
                    (args["statusFrom"], args["statusTo"]) = (target.Status.ToString(), status.ToString());
                    target.Status = status;
                    if (status is CaseStatus.Closed or CaseStatus.Redirected or CaseStatus.Archived)
                        target.ClosedAt ??= message.CreatedAt;
                }
            }

            if (p.GetValueOrDefault("category") is string category)
            {
                if (!WorkflowUpdateOrder.Claim(sequences, message, "category"))
                {
                    overtaken.Add($"category {category}");
                }
                else if (category != target.Category)
                {
                    changes.Add($"category {target.Category ?? "none"} → {category}");
                    (args["categoryFrom"], args["categoryTo"]) = (target.Category ?? "", category);
                    target.Category = category;
                }
            }

            if (p.GetValueOrDefault("priority") is string pr && Enum.TryParse<CasePriority>(pr, true, out var priority))
            {
                if (!WorkflowUpdateOrder.Claim(sequences, message, "priority"))
                {
                    overtaken.Add($"priority {priority}");
                }
                else if (priority != target.Priority)
                {
                    changes.Add($"priority {target.Priority} → {priority}");
                    (args["priorityFrom"], args["priorityTo"]) = (target.Priority.ToString(), priority.ToString());
                    target.Priority = priority;
                }
            }

            if (p.GetValueOrDefault("fields") is IReadOnlyDictionary<string, object?> fields && fields.Count > 0)
            {
                var merged = new Dictionary<string, object?>(target.Fields);
                var recorded = new List<string>();
                foreach (var (name, value) in fields)
                {
                    if (WorkflowUpdateOrder.Claim(sequences, message, "field:" + name))
                    {
                        merged[name] = value;
                        recorded.Add(name);
                    }
                    else
                    {
                        overtaken.Add(name);
                    }
                }

                target.Fields = merged;
                if (recorded.Count > 0)
                {
                    changes.Add("recorded " + string.Join(", ", recorded));
                    args["recorded"] = string.Join(",", recorded);
                }
            }

            // An update overtaken by a newer one still has its place in the case's history.
            if (overtaken.Count > 0)
            {
                changes.Add("not applied, a later update already set " + string.Join(", ", overtaken));
                args["overtaken"] = string.Join(", ", overtaken);
            }
            var note = p.GetValueOrDefault("note") as string;
            if (changes.Count == 0 && note is null)
            {
                // Already applied (a redelivery): the tasks' copy of the category may still be owed.
                if (p.ContainsKey("category"))
                    await TaskCaseFacts.RefreshAsync(db, caseId, cancellationToken);
                return;
            }

            target.WorkflowUpdateSequences = sequences;
            if (message.CreatedAt > target.UpdatedAt)
                target.UpdatedAt = message.CreatedAt;
            target.Revision++;
            await Timeline.AddOnceAsync(db, new TimelineEntry
            {
                CaseId = caseId,
                At = message.CreatedAt,
                Kind = TimelineKind.Case,
                Title = note ?? string.Join("; ", changes),
                Detail = note is null ? null : string.Join("; ", changes),
                SourceId = "set-case:" + message.Id,
                Code = note is null ? "caseChanged" : "caseNoted",
                Args = args,
            }, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (p.ContainsKey("category"))
                    await TaskCaseFacts.RefreshAsync(db, caseId, cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // An agent or another update changed the case at the same moment: apply again on the fresh row.
            }
        }
    }
}
