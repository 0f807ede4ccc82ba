using System.Globalization;
using CaseFlow.Cases.Domain;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// The invitation and the reminder a survey sends, as rows of the case's message log. Their bodies hold
/// <see cref="SurveyLinks.Placeholder"/> where the customer's copy has the link (<see cref="SurveyLinkSecrets"/>).
/// </summary>
internal static class SurveyMessages
{
    public static string InvitationKey(string surveyId) => "survey-invite:" + surveyId;

    public static string ReminderKey(string surveyId) => "survey-reminder:" + surveyId;

    /// <summary>
    /// The requested channel if the customer can be reached on it, else the other one, else the message log: a survey
    /// that reaches the customer some way is worth more than one that follows the requested channel to nobody.
    /// </summary>
    public static (string Channel, string? Address) ChooseChannel(string? requested, Customer? customer)
    {
        var email = string.IsNullOrWhiteSpace(customer?.Email) ? null : customer.Email.Trim();
        var phone = string.IsNullOrWhiteSpace(customer?.Phone) ? null : customer.Phone.Trim();
        if (string.Equals(requested, "sms", StringComparison.OrdinalIgnoreCase))
            return phone is not null ? ("sms", phone) : email is not null ? ("email", email) : ("log", null);
        return email is not null ? ("email", email) : phone is not null ? ("sms", phone) : ("log", null);
    }

    /// <summary>The invitation; its subject is the question (the survey's record of what was asked, read by the answer page).</summary>
    public static NotificationMessage Invitation(Survey survey, Customer? customer, string? requestedChannel, string question, DateTimeOffset now)
    {
        var (channel, address) = ChooseChannel(requestedChannel, customer);
        return new NotificationMessage
        {
            Id = Workflows.Runtime.WorkflowExecutionContext.NewId(),
            IdempotencyKey = InvitationKey(survey.Id),
            CaseId = survey.CaseId,
            WorkflowInstanceId = survey.WorkflowInstanceId,
            RecipientKind = RecipientKind.Customer,
            Recipient = customer?.Name ?? "Customer",
            Address = address,
            Channel = channel,
            Subject = question,
            Body = Body(question, survey.ExpiresAt),
            Status = NotificationStatus.Pending,
            CreatedAt = now,
        };
    }

    /// <summary>The reminder goes where the invitation went, with the same (still valid) link.</summary>
    public static NotificationMessage Reminder(Survey survey, NotificationMessage invitation, DateTimeOffset now)
    {
        var question = invitation.Subject ?? "How satisfied are you with how we handled your case?";
        return new NotificationMessage
        {
            Id = Workflows.Runtime.WorkflowExecutionContext.NewId(),
            IdempotencyKey = ReminderKey(survey.Id),
            CaseId = survey.CaseId,
            WorkflowInstanceId = survey.WorkflowInstanceId,
            RecipientKind = RecipientKind.Customer,
            Recipient = invitation.Recipient,
            Address = invitation.Address,
            Channel = invitation.Channel,
            Subject = "Reminder: " + question,
            Body = "A reminder, in case our survey got lost: " + Body(question, survey.ExpiresAt),
            Status = NotificationStatus.Pending,
            CreatedAt = now,
        };
    }

    /// <summary>Whether a message is a survey's invitation or reminder; its survey's id.</summary>
    public static string? SurveyIdOf(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        foreach (var prefix in (ReadOnlySpan<string>)[InvitationKey(""), ReminderKey("")])
        {
            if (idempotencyKey.StartsWith(prefix, StringComparison.Ordinal) && idempotencyKey.Length > prefix.Length)
                return idempotencyKey[prefix.Length..];
        }

        return null;
    }

    private static string Body(string question, DateTimeOffset expiresAt) =>
        $"{question}\n\nPlease answer with a score from 1 (very dissatisfied) to 5 (very satisfied): {SurveyLinks.Placeholder}\n\n"
        + $"The link works once, until {expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.";
}
