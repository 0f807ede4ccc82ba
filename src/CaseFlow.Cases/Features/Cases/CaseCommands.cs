using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Cases;

public sealed record AddNote(string CaseId, string? Text, Actor Actor);

/// <summary>Hands a case to another owner, with the reason (kept on the timeline and in the transfer record).</summary>
public sealed record TransferCase(string CaseId, string? ToOwner, string? Reason, Actor Actor);

/// <summary>Notes and transfers: the human actions on a case outside its tasks.</summary>
public sealed class CaseCommands(IDbContextFactory<CaseFlowDbContext> dbFactory, NotificationService notifications, TimeProvider clock)
{
    public async Task<CaseNote> AddNoteAsync(AddNote command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.Text))
            throw ValidationException.For("text", "The note is empty.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only on a case the author may read: a note on any other answers as if it did not exist.
        _ = await CaseVisibility.FindVisibleAsync(db, command.CaseId, command.Actor, cancellationToken);
        var note = new CaseNote { Id = Guid.CreateVersion7().ToString("N"), CaseId = command.CaseId, Author = command.Actor.UserName, Text = command.Text.Trim(), CreatedAt = clock.GetUtcNow() };
        db.CaseNotes.Add(note);
        db.Timeline.Add(new TimelineEntry { CaseId = command.CaseId, At = note.CreatedAt, Kind = TimelineKind.Note, Title = "Note added", Actor = note.Author, Detail = note.Text, SourceId = "note:" + note.Id, Code = "noteAdded" });
        await db.SaveChangesAsync(cancellationToken);
        return note;
    }

    /// <summary>
    /// Transfers ownership (S5/S7: the owner changes only this way). The owner's open tasks on the case move along,
    /// so the customer is not asked again by someone starting over.
    /// </summary>
    public async Task<CaseTransfer> TransferAsync(TransferCase command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(command.ToOwner))
            errors.Add("toOwner", "Whom to transfer the case to is required.");
        if (string.IsNullOrWhiteSpace(command.Reason))
            errors.Add("reason", "A transfer needs a reason.");
        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var target = await db.Cases.VisibleTo(db, command.Actor).FirstOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken)
            ?? throw new NotFoundException($"Case {command.CaseId} does not exist");
        var isOwner = string.Equals(target.Owner, command.Actor.UserName, StringComparison.OrdinalIgnoreCase);
        if (!isOwner && !command.Actor.OverseesTasks)
            throw new ForbiddenException($"Only the owner ({target.Owner ?? "none yet"}) or a supervisor may transfer case {target.Number}");
        if (target.Status is CaseStatus.Archived)
            throw new ConflictException($"Case {target.Number} is archived");

        var now = clock.GetUtcNow();
        // The new owner must be someone who signs in and works cases; the stored spelling of their name is kept.
        var holder = await Users.FindActiveAsync(db, command.ToOwner!.Trim(), now, "toOwner", cancellationToken);
        if (!holder.IsInRole(CaseRoles.Agent) && !holder.IsInRole(CaseRoles.Supervisor))
            throw ValidationException.For("toOwner", $"{holder.UserName} does not work cases (neither an agent nor a supervisor).");
        var to = holder.UserName;
        var transfer = new CaseTransfer
        {
            Id = Guid.CreateVersion7().ToString("N"),
            CaseId = target.Id,
            FromOwner = target.Owner ?? "",
            ToOwner = to,
            TransferredBy = command.Actor.UserName,
            Reason = command.Reason!.Trim(),
            At = now,
        };
        db.CaseTransfers.Add(transfer);
        var previous = target.Owner;
        target.Owner = to;
        target.UpdatedAt = now;
        target.Revision++;
        if (previous is not null)
        {
            foreach (var task in await db.CaseTasks.Where(t => t.CaseId == target.Id && t.Status == CaseTaskStatus.Open && t.Assignee == previous).ToListAsync(cancellationToken))
            {
                task.Assignee = to;
                task.Revision++;
            }
        }

        db.Timeline.Add(new TimelineEntry
        {
            CaseId = target.Id,
            At = now,
            Kind = TimelineKind.Transfer,
            Title = $"Transferred from {previous ?? "nobody"} to {to}",
            Code = previous is null ? "transferredToFirst" : "transferred",
            Args = previous is null ? new() { ["to"] = to } : new() { ["from"] = previous, ["to"] = to },
            Actor = command.Actor.UserName,
            Detail = transfer.Reason,
            SourceId = "transfer:" + transfer.Id,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Case {target.Number} was changed by someone else; reload it");
        }

        // The customer hears of the hand-over (S5), by email or SMS as their contact details allow.
        await notifications.SendAsync(new NotificationRequest
        {
            IdempotencyKey = "transfer:" + transfer.Id,
            CaseId = target.Id,
            WorkflowInstanceId = target.WorkflowInstanceId,
            RecipientKind = RecipientKind.Customer,
            Subject = $"Your case {target.Number} has a new handler",
            Body = $"Your case {target.Number} has been transferred to a colleague who will continue where we left off; you will not need to explain it again. Reason: {transfer.Reason}.",
        }, cancellationToken);
        return transfer;
    }
}
