using System.Globalization;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// Creates the survey a <c>CaseFlow.SendSurvey</c> waits on and its invitation, in one save, then has the invitation
/// delivered. Idempotent: the survey id is the row's key, so a redelivered message finds the survey and only hands
/// the existing invitation to the sender again (which skips a message already sent).
/// </summary>
/// <remarks>
/// The token is stored nowhere: the survey keeps its SHA-256 and the stored invitation a placeholder; the sender
/// rebuilds the link for the customer's copy only (<see cref="SurveyLinks"/>). The invitation is stored in the same
/// save as the survey, so a crash between the save and the delivery leaves a pending message that the redelivery
/// (or the notifications' pending sweep) sends.
/// </remarks>
public sealed class SurveyRequestedHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, SurveyLinks links, NotificationChannels channels, INotificationSender sender, ILogger<SurveyRequestedHandler>? logger = null) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.SurveyRequested];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var p = message.Payload;
        var surveyId = (string)p["surveyId"]!;
        string invitationId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Surveys.AnyAsync(s => s.Id == surveyId, cancellationToken))
            {
                await DeliverExistingAsync(surveyId, cancellationToken);
                return;
            }

            var caseId = p.GetValueOrDefault("caseId") as string;
            var owningCase = caseId is null ? null : await db.Cases.AsNoTracking().Include(c => c.Customer).FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            var survey = new Survey
            {
                Id = surveyId,
                CaseId = owningCase?.Id,
                WorkflowInstanceId = message.InstanceId,
                TokenHash = SurveyTokens.Hash(links.TokenFor(surveyId)),
                Status = SurveyStatus.Pending,
                CreatedAt = message.CreatedAt,
                RemindAt = ValueConverter.Convert<DateTimeOffset?>(p.GetValueOrDefault("remindAt")),
                ExpiresAt = ValueConverter.Convert<DateTimeOffset?>(p.GetValueOrDefault("expiresAt")) ?? message.CreatedAt.AddDays(7),
            };
            var question = p.GetValueOrDefault("question") as string is { Length: > 0 } q ? q : "How satisfied are you with how we handled your case?";
            var invitation = SurveyMessages.Invitation(survey, owningCase?.Customer, p.GetValueOrDefault("channel") as string, question, message.CreatedAt);
            db.Surveys.Add(survey);
            db.Notifications.Add(invitation);
            if (owningCase is not null)
            {
                var (detail, args) = Describe(invitation, survey);
                await Timeline.AddOnceAsync(db, new TimelineEntry
                {
                    CaseId = owningCase.Id,
                    At = message.CreatedAt,
                    Kind = TimelineKind.Survey,
                    Title = "Survey sent",
                    Code = "surveySent",
                    Detail = detail,
                    Args = args,
                    SourceId = "survey-sent:" + surveyId,
                }, cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Delivered twice at once: the other delivery created the survey and its invitation.
                if (!await DeliverExistingAsync(surveyId, cancellationToken))
                    throw;
                return;
            }

            invitationId = invitation.Id;
        }

        await sender.DeliverOrLeavePendingAsync(invitationId, logger ?? (ILogger)NullLogger.Instance, cancellationToken);
    }

    // Staff see how and until when, never the link; a survey only the message log keeps cannot reach the customer. The
    // values say the same for the web app, in the reader's language.
    private (string Detail, Dictionary<string, string> Args) Describe(NotificationMessage invitation, Survey survey)
    {
        var reach = invitation.Channel == NotificationChannelNames.Log ? "noContact" : channels.IsLogOnly(invitation.Channel) ? "notSetUp" : "sent";
        var args = new Dictionary<string, string>
        {
            ["reach"] = reach,
            ["channel"] = invitation.Channel,
            ["expires"] = survey.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        var detail = reach switch
        {
            "noContact" => "No email or phone on file: the survey cannot reach the customer (its link is never shown to staff)",
            "notSetUp" => $"{invitation.Channel} is not set up: the survey cannot reach the customer (its link is never shown to staff)",
            _ => $"by {invitation.Channel}; expires {survey.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
        };
        return (detail, args);
    }

    private async Task<bool> DeliverExistingAsync(string surveyId, CancellationToken cancellationToken)
    {
        string? invitationId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var key = SurveyMessages.InvitationKey(surveyId);
            invitationId = await db.Notifications.Where(n => n.IdempotencyKey == key).Select(n => n.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (invitationId is null)
            return false;
        await sender.DeliverOrLeavePendingAsync(invitationId, logger ?? (ILogger)NullLogger.Instance, cancellationToken);
        return true;
    }
}
