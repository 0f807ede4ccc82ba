using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// Puts the survey's link into the customer's copy of an invitation or reminder as it goes out (every attempt, also
/// a retry from the stored message), rebuilt from the survey id (<see cref="SurveyLinks"/>).
/// </summary>
public sealed class SurveyLinkSecrets(IDbContextFactory<CaseFlowDbContext> dbFactory, SurveyLinks links) : INotificationSecrets
{
    public async Task<NotificationMessage> RevealAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (SurveyMessages.SurveyIdOf(message.IdempotencyKey) is not { } surveyId || !message.Body.Contains(SurveyLinks.Placeholder, StringComparison.Ordinal))
            return message;

        Survey? survey;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, cancellationToken);

        // Only to the survey's own customer: a message that merely borrowed the key gets no link.
        if (survey is null || message.RecipientKind != RecipientKind.Customer || !string.Equals(survey.CaseId, message.CaseId, StringComparison.Ordinal))
            throw new NotificationUndeliverableException($"Survey {surveyId} is not this message's survey");
        if (!links.CanRebuild(survey))
            throw new NotificationUndeliverableException($"The link of survey {surveyId} cannot be rebuilt (made before links were derived, or the link key changed)");

        return new NotificationMessage
        {
            Id = message.Id,
            IdempotencyKey = message.IdempotencyKey,
            CaseId = message.CaseId,
            WorkflowInstanceId = message.WorkflowInstanceId,
            RecipientKind = message.RecipientKind,
            Recipient = message.Recipient,
            Address = message.Address,
            Channel = message.Channel,
            Subject = message.Subject,
            Body = message.Body.Replace(SurveyLinks.Placeholder, links.LinkFor(survey.Id), StringComparison.Ordinal),
            Status = message.Status,
            Attempts = message.Attempts,
            ClaimedUntil = message.ClaimedUntil,
            LastError = message.LastError,
            CreatedAt = message.CreatedAt,
            SentAt = message.SentAt,
        };
    }
}
