using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// Stores messages (the case's message log) and delivers them on their channel, once. Storing is idempotent by the
/// message's key; delivery claims the message with one conditional update, so of two deliveries running at once only
/// one sends, and a message already sent is never sent again.
/// </summary>
/// <remarks>
/// Delivery is at least once across crashes: a process that stops after the channel accepted a message but before
/// it was marked sent leaves it pending, and it is sent again once the claim has run out. The SMTP channel's
/// Message-ID lets the receiving side recognise that repeat.
/// </remarks>
public sealed class NotificationService(
    IDbContextFactory<CaseFlowDbContext> dbFactory,
    NotificationChannels channels,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    IEnumerable<INotificationSecrets> secrets) : INotificationSender
{
    /// <summary>
    /// Stores a pending message, or returns the one already stored with the request's key (also when another
    /// request with that key was stored at the same moment). <c>auto</c> becomes a concrete channel here: the
    /// customer's email if known, else SMS if they have a phone, else the message log; staff get the message log.
    /// </summary>
    /// <exception cref="ArgumentException">No key, no body, an unknown channel, or a staff message without its recipient.</exception>
    public async Task<NotificationMessage> EnqueueAsync(NotificationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
            throw new ArgumentException("A notification needs an idempotency key.", nameof(request));
        if (string.IsNullOrWhiteSpace(request.Body))
            throw new ArgumentException("A notification needs a body.", nameof(request));
        var requested = KnownChannel(request.Channel)
            ?? throw new ArgumentException($"'{request.Channel}' is not a channel: one of {NotificationChannelNames.Auto}, {string.Join(", ", NotificationChannelNames.Delivery)}.", nameof(request));
        if (request.RecipientKind != RecipientKind.Customer && string.IsNullOrWhiteSpace(request.Recipient))
            throw new ArgumentException($"A message to a {request.RecipientKind.ToString().ToLowerInvariant()} names the recipient.", nameof(request));

        if (await FindByKeyAsync(request.IdempotencyKey, cancellationToken) is { } existing)
            return existing;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = new NotificationMessage
        {
            Id = Guid.CreateVersion7().ToString("N"),
            IdempotencyKey = request.IdempotencyKey,
            CaseId = request.CaseId,
            WorkflowInstanceId = request.WorkflowInstanceId,
            RecipientKind = request.RecipientKind,
            Recipient = request.Recipient?.Trim() ?? "",
            Channel = requested == NotificationChannelNames.Auto ? NotificationChannelNames.Log : requested,
            Subject = string.IsNullOrWhiteSpace(request.Subject) ? null : request.Subject.Trim(),
            Body = request.Body,
            Status = NotificationStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
        };
        // One read of the case gives both what a customer message needs and whether the case is a drill's.
        var owner = request.CaseId is null
            ? null
            : await db.Cases.AsNoTracking().Where(c => c.Id == request.CaseId).Select(c => new { c.IsDrill, c.Customer }).FirstOrDefaultAsync(cancellationToken);
        if (request.RecipientKind == RecipientKind.Customer)
        {
            var customer = owner?.Customer;
            if (customer is null)
            {
                // Kept, not thrown: a redelivered job would fail the same way forever, and the log shows what was asked.
                message.Recipient = "customer";
                message.Status = NotificationStatus.Failed;
                message.LastError = request.CaseId is null ? "No case, so no customer to send to" : $"Case {request.CaseId} was not found";
            }
            else
            {
                message.Recipient = customer.Name;
                if (requested == NotificationChannelNames.Auto)
                    message.Channel = customer.Email is not null ? NotificationChannelNames.Email : customer.Phone is not null ? NotificationChannelNames.Sms : NotificationChannelNames.Log;
                message.Address = message.Channel switch
                {
                    NotificationChannelNames.Email => customer.Email,
                    NotificationChannelNames.Sms or NotificationChannelNames.Voice => customer.Phone,
                    _ => null,
                };
            }
        }

        if (owner?.IsDrill == true)
            MarkAsDrill(message);

        db.Notifications.Add(message);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Stored twice at once: the unique key let the other one in.
            var stored = await FindByKeyAsync(request.IdempotencyKey, cancellationToken);
            if (stored is null)
                throw;
            return stored;
        }

        return message;
    }

    /// <summary>
    /// Stores the message (or finds it by its key) and delivers it: what every sender does. Repeating it is harmless:
    /// the key finds the stored message and a sent message is not sent again.
    /// </summary>
    public async Task<NotificationMessage> SendAsync(NotificationRequest request, CancellationToken cancellationToken = default)
    {
        var stored = await EnqueueAsync(request, cancellationToken);
        await DeliverAsync(stored.Id, cancellationToken);
        return stored;
    }

    /// <summary>
    /// Sends a pending message on its channel unless another delivery holds it or it was sent. A failure is recorded
    /// on the message and rethrown (so the job retries), until <see cref="NotificationOptions.MaxAttempts"/> or an
    /// undeliverable message marks it failed. Both outcomes are added to the case's timeline.
    /// </summary>
    public async Task DeliverAsync(string notificationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notificationId);
        var settings = options.Value;
        NotificationMessage message;
        DateTimeOffset claimedUntil;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // Read first: a redelivered job finds the message sent without taking SQLite's write lock.
            if (!await db.Notifications.AnyAsync(n => n.Id == notificationId && n.Status == NotificationStatus.Pending, cancellationToken))
                return;
            var now = clock.GetUtcNow();
            claimedUntil = now + settings.ClaimDuration;
            var claimed = await db.Notifications
                .Where(n => n.Id == notificationId && n.Status == NotificationStatus.Pending && (n.ClaimedUntil == null || n.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.ClaimedUntil, claimedUntil)
                    .SetProperty(n => n.Attempts, n => n.Attempts + 1), cancellationToken);
            if (claimed == 0)
                return;
            message = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == notificationId, cancellationToken);
        }

        var channel = channels.For(message.Channel);
        try
        {
            await channel.SendAsync(await OutgoingAsync(message, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var final = ex is NotificationUndeliverableException || message.Attempts >= settings.MaxAttempts;
            await RecordFailureAsync(message.Id, claimedUntil, Describe(ex), final, cancellationToken);
            if (final)
                return;
            throw;
        }

        await RecordSentAsync(message.Id, channels.IsLogOnly(message.Channel), cancellationToken);
    }

    /// <summary>
    /// The case's message log, oldest first, as staff read it: survey links are stored redacted, and any written
    /// before that are redacted here.
    /// </summary>
    public async Task<IReadOnlyList<NotificationMessage>> ForCaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await db.Notifications.AsNoTracking()
            .Where(n => n.CaseId == caseId)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .ToListAsync(cancellationToken);
        foreach (var message in messages)
            message.Body = Surveys.SurveyLinks.Redact(message.Body) ?? "";
        return messages;
    }

    // The message log keeps what staff may read; only the copy handed to a real channel gets the secrets.
    private async Task<NotificationMessage> OutgoingAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        if (channels.IsLogOnly(message.Channel))
            return message;
        foreach (var secret in secrets)
            message = await secret.RevealAsync(message, cancellationToken);
        return message;
    }

    /// <summary>
    /// Delivers up to <paramref name="max"/> pending messages that no delivery holds, oldest first (a recurring job,
    /// and start-up recovery after a crash). A failure stays recorded on its message and does not stop the sweep.
    /// </summary>
    /// <returns>How many messages it tried to deliver.</returns>
    public async Task<int> DeliverPendingAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var now = clock.GetUtcNow();
        List<string> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Notifications.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Pending && (n.ClaimedUntil == null || n.ClaimedUntil < now))
                .OrderBy(n => n.CreatedAt)
                .Select(n => n.Id)
                .Take(max)
                .ToListAsync(cancellationToken);
        }

        foreach (var id in ids)
        {
            try
            {
                await DeliverAsync(id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Recorded as the message's LastError; the next sweep tries it again.
            }
        }

        return ids.Count;
    }

    /// <summary>
    /// A drill's message reaches only the drill's audience (D5): the centre's own people, marked as a drill; what would
    /// go to a customer or outside the centre (partners, regulators) stays in the message log, never sent.
    /// </summary>
    private static void MarkAsDrill(NotificationMessage message)
    {
        if (message.RecipientKind is RecipientKind.Customer or RecipientKind.External)
        {
            message.Channel = NotificationChannelNames.Log;
            message.Address = null;
            message.Subject = "[Drill, not sent] " + (message.Subject ?? "");
            return;
        }

        message.Subject = "[Drill] " + (message.Subject ?? "");
    }

    private async Task<NotificationMessage?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.IdempotencyKey == key, cancellationToken);
    }

    private async Task RecordSentAsync(string id, bool logOnly, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Notifications.SingleAsync(n => n.Id == id, cancellationToken);
        var now = clock.GetUtcNow();
        row.Status = NotificationStatus.Sent;
        row.SentAt ??= now;
        row.ClaimedUntil = null;
        if (row.CaseId is not null)
        {
            var what = !logOnly ? $"{Label(row.Channel)} sent to {row.Recipient}"
                : row.Channel == NotificationChannelNames.Log ? $"Message logged for {row.Recipient}"
                : $"Message logged for {row.Recipient}, not sent by {row.Channel} (not set up)";
            await Timeline.AddOnceAsync(db, new TimelineEntry
            {
                CaseId = row.CaseId,
                At = now,
                Kind = TimelineKind.Message,
                Title = WithSubject(what, row.Subject),
                Detail = row.Body,
                SourceId = "message:" + row.Id,
                Code = !logOnly ? "messageSent" : row.Channel == NotificationChannelNames.Log ? "messageLogged" : "messageNotSetUp",
                Args = new() { ["channel"] = row.Channel, ["recipient"] = row.Recipient, ["subject"] = row.Subject ?? "" },
            }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RecordFailureAsync(string id, DateTimeOffset claimedUntil, string error, bool final, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Notifications.SingleAsync(n => n.Id == id, cancellationToken);
        // A send that outlived its claim may have been overtaken; what the other delivery recorded stands.
        if (row.Status != NotificationStatus.Pending || row.ClaimedUntil != claimedUntil)
            return;
        row.LastError = error;
        row.ClaimedUntil = null;
        if (final)
        {
            row.Status = NotificationStatus.Failed;
            if (row.CaseId is not null)
            {
                await Timeline.AddOnceAsync(db, new TimelineEntry
                {
                    CaseId = row.CaseId,
                    At = clock.GetUtcNow(),
                    Kind = TimelineKind.Message,
                    Title = WithSubject($"Message failed: {Label(row.Channel)} to {row.Recipient}", row.Subject),
                    Detail = $"After {row.Attempts} attempt(s): {error}",
                    SourceId = "message-failed:" + row.Id,
                    Code = "messageFailed",
                    Args = new() { ["channel"] = row.Channel, ["recipient"] = row.Recipient, ["subject"] = row.Subject ?? "" },
                }, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? KnownChannel(string? channel)
    {
        var name = channel?.Trim();
        if (string.IsNullOrEmpty(name))
            return NotificationChannelNames.Auto;
        if (string.Equals(name, NotificationChannelNames.Auto, StringComparison.OrdinalIgnoreCase))
            return NotificationChannelNames.Auto;
        return NotificationChannelNames.Delivery.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    private static string Label(string channel) => channel switch
    {
        NotificationChannelNames.Email => "Email",
        NotificationChannelNames.Sms => "SMS",
        NotificationChannelNames.Voice => "Voice message",
        _ => "Message",
    };

    private static string WithSubject(string title, string? subject) => subject is null ? title : $"{title}: {subject}";

    // SMTP errors say little at the top ("Failure sending mail."); the cause is in the inner exceptions.
    private static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null && parts.Count < 4; e = e.InnerException)
        {
            if (!parts.Contains(e.Message, StringComparer.Ordinal))
                parts.Add(e.Message);
        }

        var text = string.Join(" → ", parts);
        return text.Length <= 2000 ? text : text[..2000];
    }
}
