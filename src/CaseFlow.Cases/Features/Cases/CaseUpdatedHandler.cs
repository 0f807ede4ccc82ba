using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Cases;

/// <summary>
/// Applies a <c>CaseFlow.SetCase</c> to its case after the burst committed. Setting a value twice gives the same
/// case, and the timeline entry is keyed by the message id, so a redelivery changes nothing.
/// </summary>
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
            var changes = new List<string>();
            if (p.GetValueOrDefault("status") is string s && Enum.TryParse<CaseStatus>(s, true, out var status) && status != target.Status)
            {
                changes.Add($"status {target.Status} → {status}");
                target.Status = status;
                if (status is CaseStatus.Closed or CaseStatus.Redirected or CaseStatus.Archived)
                    target.ClosedAt ??= message.CreatedAt;
            }

            if (p.GetValueOrDefault("category") is string category && category != target.Category)
            {
                changes.Add($"category {target.Category ?? "none"} → {category}");
                target.Category = category;
            }

            if (p.GetValueOrDefault("priority") is string pr && Enum.TryParse<CasePriority>(pr, true, out var priority) && priority != target.Priority)
            {
                changes.Add($"priority {target.Priority} → {priority}");
                target.Priority = priority;
            }

            if (p.GetValueOrDefault("fields") is IReadOnlyDictionary<string, object?> fields && fields.Count > 0)
            {
                var merged = new Dictionary<string, object?>(target.Fields);
                foreach (var (name, value) in fields)
                    merged[name] = value;
                target.Fields = merged;
                changes.Add("recorded " + string.Join(", ", fields.Keys));
            }

            var note = p.GetValueOrDefault("note") as string;
            if (changes.Count == 0 && note is null)
                return;
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
            }, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // An agent changed the case at the same moment: apply again on the fresh row.
            }
        }
    }
}
