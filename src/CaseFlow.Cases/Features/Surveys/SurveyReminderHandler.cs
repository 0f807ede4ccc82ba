using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// Reminds a customer who has not answered yet, once, with the invitation's link (the same survey id gives the same
/// token, see <see cref="SurveyLinks"/>); a survey whose link cannot be rebuilt gets no reminder.
/// </summary>
/// <remarks>
/// The reminder and <see cref="Survey.RemindedAt"/> are saved together under the survey's revision, so an answer or
/// a parallel delivery in between makes this one stop; a redelivery after the save only hands the existing reminder
/// to the sender again.
/// </remarks>
public sealed class SurveyReminderHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, SurveyLinks links, TimeProvider clock, INotificationSender sender, ILogger<SurveyReminderHandler>? logger = null) : IOutboxMessageHandler
{
    private const int MaxAttempts = 3;

    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.SurveyReminder];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("surveyId") is not string surveyId)
            return;
        for (var attempt = 1; ; attempt++)
        {
            string? deliver;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var survey = await db.Surveys.FirstOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
                if (survey is null)
                    return;
                if (survey.RemindedAt is not null)
                {
                    var key = SurveyMessages.ReminderKey(surveyId);
                    deliver = await db.Notifications.Where(n => n.IdempotencyKey == key).Select(n => n.Id).FirstOrDefaultAsync(cancellationToken);
                }
                else
                {
                    if (survey.Status != SurveyStatus.Pending || clock.GetUtcNow() >= survey.ExpiresAt)
                        return;
                    var reminder = await CreateReminderAsync(db, survey, message.CreatedAt, cancellationToken);
                    try
                    {
                        await db.SaveChangesAsync(cancellationToken);
                    }
                    catch (DbUpdateException) when (attempt < MaxAttempts)
                    {
                        // Answered, expired or reminded by someone else meanwhile: look again.
                        continue;
                    }

                    deliver = reminder?.Id;
                }
            }

            if (deliver is not null)
                await sender.DeliverOrLeavePendingAsync(deliver, logger ?? (ILogger)NullLogger.Instance, cancellationToken);
            return;
        }
    }

    private async Task<NotificationMessage?> CreateReminderAsync(CaseFlowDbContext db, Survey survey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var invitationKey = SurveyMessages.InvitationKey(survey.Id);
        var invitation = await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.IdempotencyKey == invitationKey, cancellationToken);
        if (invitation is null || !links.CanRebuild(survey))
        {
            // Without the invitation's link a reminder could only point nowhere; say so on the case instead.
            var why = invitation is null
                ? "The survey's invitation is no longer in the message log"
                : "The survey's link cannot be rebuilt (sent before links were derived, or the link key changed)";
            await AddTimelineAsync(db, survey, at, "Survey reminder not sent", why, "survey-reminder-skipped:", "surveyReminderSkipped", cancellationToken);
            return null;
        }

        var reminder = SurveyMessages.Reminder(survey, invitation, at);
        db.Notifications.Add(reminder);
        survey.RemindedAt = at;
        survey.Revision++;
        await AddTimelineAsync(db, survey, at, "Survey reminder sent", $"by {reminder.Channel}", "survey-reminded:", "surveyReminderSent", cancellationToken);
        return reminder;
    }

    private static async Task AddTimelineAsync(CaseFlowDbContext db, Survey survey, DateTimeOffset at, string title, string detail, string source, string code, CancellationToken cancellationToken)
    {
        if (survey.CaseId is null)
            return;
        await Timeline.AddOnceAsync(db, new TimelineEntry
        {
            CaseId = survey.CaseId,
            At = at,
            Kind = TimelineKind.Survey,
            Title = title,
            Detail = detail,
            SourceId = source + survey.Id,
            Code = code,
        }, cancellationToken);
    }
}
