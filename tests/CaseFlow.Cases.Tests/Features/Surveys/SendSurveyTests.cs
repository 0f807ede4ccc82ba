using System.Text.RegularExpressions;
using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Surveys;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Surveys;

public sealed partial class SendSurveyTests : IAsyncLifetime
{
    private CaseTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await CaseTestKit.CreateAsync(SurveyWorkflows.AfterHandling());

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private SurveyCommands Surveys => _kit.Db.Get<SurveyCommands>();

    // ---- answers ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task AnAnswerOfFive_ContinuesOnPositive_AndClosesTheCase()
    {
        var created = await _kit.FileAsync();

        await Surveys.AnswerAsync(new AnswerSurvey(await TokenAsync(created.Id), 5, "Quick and friendly"));
        await _kit.Db.DrainAsync();

        Assert.Equal(CaseStatus.Closed, (await _kit.ReloadAsync(created.Id)).Status);
        var state = await StateAsync(created);
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        var survey = await SurveyAsync(created.Id);
        Assert.Equal((SurveyStatus.Answered, 5, "Quick and friendly"), (survey.Status, survey.Score, survey.Comment));
    }

    [Fact]
    public async Task AnAnswerOfTwo_ContinuesOnNegative_PutsTheCaseIntoFollowUp_AndGoesOnTheTimelineWithItsComment()
    {
        var created = await _kit.FileAsync();

        await Surveys.AnswerAsync(new AnswerSurvey(await TokenAsync(created.Id), 2, "Took far too long"));
        await _kit.Db.DrainAsync();

        Assert.Equal(CaseStatus.FollowUp, (await _kit.ReloadAsync(created.Id)).Status);
        var details = await _kit.Details.HandleAsync(created.Id);
        var answered = Assert.Single(details.Timeline, t => t.Title == "Survey answered: 2/5");
        Assert.Equal(("Survey", "Took far too long"), (answered.Kind, answered.Detail));
        var outputs = (await _kit.Db.Store.FindAsync(created.WorkflowInstanceId!))!.Snapshot.Outputs["survey"];
        Assert.Equal((2, "Took far too long"), (Convert.ToInt32(outputs["score"], System.Globalization.CultureInfo.InvariantCulture), (string?)outputs["comment"]));
    }

    [Fact]
    public async Task AnAnswerTheWorkflowDidNotTake_IsHandedOverBySweep_Once()
    {
        var created = await _kit.FileAsync();
        await using (var db = _kit.Db.CreateDbContext())
        {
            // The crash: the answer committed, the process stopped before the workflow resumed.
            await db.Surveys.Where(s => s.CaseId == created.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SurveyStatus.Answered)
                .SetProperty(x => x.Score, 2)
                .SetProperty(x => x.AnsweredAt, _kit.Db.Clock.GetUtcNow()));
        }

        Assert.Equal(1, await Surveys.ResumeAnsweredAsync());
        await _kit.Db.DrainAsync();
        Assert.Equal(0, await Surveys.ResumeAnsweredAsync());

        Assert.Equal(CaseStatus.FollowUp, (await _kit.ReloadAsync(created.Id)).Status);
    }

    [Fact]
    public async Task WithoutAnAnswer_OneReminderGoesOutAtRemindAfter_AndAtExpiresInTheWorkflowContinuesOnNoResponse()
    {
        var created = await _kit.FileAsync();

        _kit.Db.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await _kit.Db.Runtime.FireDueTimersAsync());
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _kit.Db.Runtime.FireDueTimersAsync());
        await _kit.Db.DrainAsync();
        _kit.Db.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _kit.Db.Runtime.FireDueTimersAsync());
        await _kit.Db.DrainAsync();

        var reminders = await NotificationsAsync(created.Id, "survey-reminder:");
        var reminder = Assert.Single(reminders);
        Assert.Equal(await TokenAsync(created.Id), TokenIn((await OutgoingAsync(reminder)).Body));
        Assert.NotNull((await SurveyAsync(created.Id)).RemindedAt);
        Assert.Equal(CaseStatus.New, (await _kit.ReloadAsync(created.Id)).Status);

        _kit.Db.Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await _kit.Db.Runtime.FireDueTimersAsync());
        await _kit.Db.DrainAsync();

        var closed = await _kit.ReloadAsync(created.Id);
        Assert.Equal(CaseStatus.Closed, closed.Status);
        Assert.Equal(SurveyStatus.Expired, (await SurveyAsync(created.Id)).Status);
        Assert.Single(await NotificationsAsync(created.Id, "survey-reminder:"));
        var timeline = (await _kit.Details.HandleAsync(created.Id)).Timeline.Select(t => t.Title).ToList();
        Assert.Contains("Survey expired without an answer", timeline);
        Assert.Contains($"Closed without a survey answer from {created.Number}", timeline);
        Assert.Equal(WorkflowSubStatus.Finished, (await StateAsync(created)).SubStatus);
    }

    /// <summary>The engine burns only the resumed bookmark: the others of the activity stay and it keeps waiting.</summary>
    [Fact]
    public async Task AfterTheReminder_TheActivityStillWaitsOnItsAnswerAndItsExpiry_AndTheRemindersLinkAnswersIt()
    {
        var created = await _kit.FileAsync();
        var before = (await StateAsync(created)).Bookmarks.Select(b => b.Name).Order(StringComparer.Ordinal).ToList();

        _kit.Db.Clock.Advance(TimeSpan.FromDays(2));
        await _kit.Db.Runtime.FireDueTimersAsync();
        await _kit.Db.DrainAsync();

        Assert.Equal([SendSurvey.BookmarkName, SendSurvey.ExpiryBookmarkName, SendSurvey.ReminderBookmarkName], before);
        var state = await StateAsync(created);
        Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);
        Assert.Equal([SendSurvey.BookmarkName, SendSurvey.ExpiryBookmarkName], state.Bookmarks.Select(b => b.Name).Order(StringComparer.Ordinal));

        var reminder = Assert.Single(await NotificationsAsync(created.Id, "survey-reminder:"));
        await Surveys.AnswerAsync(new AnswerSurvey(TokenIn((await OutgoingAsync(reminder)).Body), 4, null));
        await _kit.Db.DrainAsync();

        Assert.Equal(CaseStatus.Closed, (await _kit.ReloadAsync(created.Id)).Status);
        Assert.Empty((await StateAsync(created)).Bookmarks);
    }

    // ---- refusals ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task AnExpiredToken_IsRefused_EvenBeforeTheExpiryTimerFired()
    {
        var created = await _kit.FileAsync();
        var token = await TokenAsync(created.Id);

        _kit.Db.Clock.Advance(TimeSpan.FromDays(7));
        var ex = await Assert.ThrowsAsync<ConflictException>(() => Surveys.AnswerAsync(new AnswerSurvey(token, 5, null)));

        Assert.Equal("This survey has expired", ex.Message);
        Assert.Equal(SurveyStatus.Expired, (await Surveys.GetFormAsync(token)).Status);
        Assert.Equal(1, await Surveys.ExpireOverdueAsync());
        Assert.Equal(SurveyStatus.Expired, (await SurveyAsync(created.Id)).Status);
        Assert.Equal(CaseStatus.New, (await _kit.ReloadAsync(created.Id)).Status);
    }

    [Fact]
    public async Task AnExpiredSurvey_RefusesItsToken_AfterTheWorkflowMovedOn()
    {
        var created = await _kit.FileAsync();
        var token = await TokenAsync(created.Id);
        _kit.Db.Clock.Advance(TimeSpan.FromDays(7));
        await _kit.Db.Runtime.FireDueTimersAsync();
        await _kit.Db.DrainAsync();

        var ex = await Assert.ThrowsAsync<ConflictException>(() => Surveys.AnswerAsync(new AnswerSurvey(token, 5, null)));

        Assert.Equal("This survey has expired", ex.Message);
        Assert.Equal(0, await Surveys.ExpireOverdueAsync());
    }

    [Fact]
    public async Task AUsedToken_IsRefused_TheSecondTime()
    {
        var created = await _kit.FileAsync();
        var token = await TokenAsync(created.Id);
        await Surveys.AnswerAsync(new AnswerSurvey(token, 5, null));

        var ex = await Assert.ThrowsAsync<ConflictException>(() => Surveys.AnswerAsync(new AnswerSurvey(token, 1, "changed my mind")));

        Assert.Contains("already answered", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await SurveyAsync(created.Id)).Score);
    }

    [Fact]
    public async Task TwoAnswersThatBothReadTheSurveyBeforeEitherSaved_HaveExactlyOneWinner()
    {
        var created = await _kit.FileAsync();
        var token = await TokenAsync(created.Id);
        var surveys = new SurveyCommands(new BothReadBeforeEitherSaves(_kit.Db.Folder), _kit.Db.Runtime, _kit.Db.Clock);

        var outcomes = await Task.WhenAll(new[] { 5, 1 }.Select(score => Task.Run(async () =>
        {
            try
            {
                await surveys.AnswerAsync(new AnswerSurvey(token, score, null));
                return (Won: true, Score: score, Error: (string?)null);
            }
            catch (ConflictException ex)
            {
                return (Won: false, Score: score, Error: ex.Message);
            }
        })));
        await _kit.Db.DrainAsync();

        var winner = Assert.Single(outcomes, o => o.Won);
        var loser = Assert.Single(outcomes, o => !o.Won);
        Assert.Contains("already answered", loser.Error, StringComparison.Ordinal);
        var survey = await SurveyAsync(created.Id);
        Assert.Equal((winner.Score, 1L), (survey.Score!.Value, survey.Revision));
        Assert.Equal(winner.Score >= 4 ? CaseStatus.Closed : CaseStatus.FollowUp, (await _kit.ReloadAsync(created.Id)).Status);
    }

    [Fact]
    public async Task AnswersAtOnce_HaveExactlyOneWinner_AndTheWorkflowContinuesOnce()
    {
        var created = await _kit.FileAsync();
        var token = await TokenAsync(created.Id);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var answers = new[] { 5, 1, 4, 2, 3, 5 }.Select(score => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                await Surveys.AnswerAsync(new AnswerSurvey(token, score, null));
                return (Won: true, Score: score);
            }
            catch (ConflictException)
            {
                return (Won: false, Score: score);
            }
        })).ToList();
        go.SetResult();
        var outcomes = await Task.WhenAll(answers);
        await _kit.Db.DrainAsync();

        var winner = Assert.Single(outcomes, o => o.Won);
        Assert.Equal(5, outcomes.Count(o => !o.Won));
        Assert.Equal(winner.Score, (await SurveyAsync(created.Id)).Score);
        Assert.Equal(winner.Score >= 4 ? CaseStatus.Closed : CaseStatus.FollowUp, (await _kit.ReloadAsync(created.Id)).Status);
        Assert.Single((await _kit.Details.HandleAsync(created.Id)).Timeline, t => t.Title.StartsWith("Survey answered", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(null)]
    public async Task AScoreOutsideOneToFive_IsRefused_NamingTheScoreField(int? score)
    {
        var created = await _kit.FileAsync();
        var token = await TokenAsync(created.Id);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Surveys.AnswerAsync(new AnswerSurvey(token, score, null)));

        Assert.Equal(["score"], ex.Errors.Keys);
        Assert.Equal(SurveyStatus.Pending, (await SurveyAsync(created.Id)).Status);
    }

    [Fact]
    public async Task ACommentLongerThan2000Characters_IsRefused_NamingTheCommentField()
    {
        var created = await _kit.FileAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Surveys.AnswerAsync(new AnswerSurvey("whatever", 3, new string('x', 2001))));

        Assert.Equal(["comment"], ex.Errors.Keys);
        Assert.Equal(SurveyStatus.Pending, (await SurveyAsync(created.Id)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AnUnknownToken_IsNotFound_ForTheFormAndForAnAnswer(string token)
    {
        await _kit.FileAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => Surveys.GetFormAsync(token));
        await Assert.ThrowsAsync<NotFoundException>(() => Surveys.AnswerAsync(new AnswerSurvey(token, 5, null)));
    }

    // ---- invitation and token ---------------------------------------------------------------------------------

    [Fact]
    public async Task TheInvitation_GoesByEmailWhenTheCustomerHasOne_WithTheLinkAndTheDefaultQuestion()
    {
        var created = await _kit.FileAsync(CaseTestKit.Complaint(email: "li.wei@example.com"));

        var invitation = Assert.Single(await NotificationsAsync(created.Id, "survey-invite:"));
        var survey = await SurveyAsync(created.Id);
        var question = $"How satisfied are you with how we handled case {created.Number}?";
        Assert.Equal(("email", "li.wei@example.com", RecipientKind.Customer, "Li Wei"), (invitation.Channel, invitation.Address, invitation.RecipientKind, invitation.Recipient));
        Assert.Equal("survey-invite:" + survey.Id, invitation.IdempotencyKey);
        var outgoing = await OutgoingAsync(invitation);
        Assert.Contains($"http://127.0.0.1:5080/s/{TokenIn(outgoing.Body)}", outgoing.Body, StringComparison.Ordinal);
        Assert.Contains(question, outgoing.Body, StringComparison.Ordinal);
        Assert.Contains(SurveyLinks.Placeholder, invitation.Body, StringComparison.Ordinal);
        var form = await Surveys.GetFormAsync(TokenIn(outgoing.Body));
        Assert.Equal(new SurveyForm(created.Number, question, SurveyStatus.Pending, _kit.Db.Clock.GetUtcNow().AddDays(7)), form);
        Assert.Contains((await _kit.Details.HandleAsync(created.Id)).Timeline, t => t.Title == "Survey sent" && t.Kind == "Survey");
    }

    [Fact]
    public async Task TheInvitation_GoesBySms_WhenTheCustomerHasOnlyAPhone()
    {
        var created = await _kit.FileAsync();

        var invitation = Assert.Single(await NotificationsAsync(created.Id, "survey-invite:"));

        Assert.Equal(("sms", "+86 138 0000 0001"), (invitation.Channel, invitation.Address));
    }

    [Fact]
    public async Task ARedeliveredSurveyRequest_LeavesOneSurveyAndOneInvitation_AndOnlyDeliversTheInvitationAgain()
    {
        var created = await _kit.FileAsync();
        var message = await OutboxMessageAsync(CaseOutboxKinds.SurveyRequested);
        var sender = new RecordingNotificationSender(_kit.Db.Services.GetService<INotificationSender>());
        var handler = new SurveyRequestedHandler(_kit.Db.DbFactory, _kit.Db.Get<SurveyLinks>(), _kit.Db.Get<NotificationChannels>(), sender);

        await handler.HandleAsync(message, CancellationToken.None);
        await handler.HandleAsync(message, CancellationToken.None);

        await using var db = _kit.Db.CreateDbContext();
        var survey = await db.Surveys.AsNoTracking().SingleAsync();
        var invitation = Assert.Single(await NotificationsAsync(created.Id, "survey-invite:"));
        Assert.Equal((string)message.Payload["surveyId"]!, survey.Id);
        Assert.Equal([invitation.Id, invitation.Id], sender.Delivered);
        Assert.Single((await _kit.Details.HandleAsync(created.Id)).Timeline, t => t.Title == "Survey sent");
    }

    [Fact]
    public async Task ARedeliveredReminder_LeavesOneReminder_AndOnlyDeliversItAgain()
    {
        var created = await _kit.FileAsync();
        _kit.Db.Clock.Advance(TimeSpan.FromDays(2));
        await _kit.Db.Runtime.FireDueTimersAsync();
        await _kit.Db.DrainAsync();
        var message = await OutboxMessageAsync(CaseOutboxKinds.SurveyReminder);
        var sender = new RecordingNotificationSender(_kit.Db.Services.GetService<INotificationSender>());
        var handler = new SurveyReminderHandler(_kit.Db.DbFactory, _kit.Db.Get<SurveyLinks>(), _kit.Db.Clock, sender);

        await handler.HandleAsync(message, CancellationToken.None);

        var reminder = Assert.Single(await NotificationsAsync(created.Id, "survey-reminder:"));
        Assert.Equal([reminder.Id], sender.Delivered);
        Assert.Single((await _kit.Details.HandleAsync(created.Id)).Timeline, t => t.Title == "Survey reminder sent");
    }

    [Fact]
    public async Task AReminderForAnAnsweredSurvey_IsNotSent()
    {
        var created = await _kit.FileAsync();
        var surveyId = (await SurveyAsync(created.Id)).Id;
        await Surveys.AnswerAsync(new AnswerSurvey(await TokenAsync(created.Id), 3, null));
        var sender = new RecordingNotificationSender(_kit.Db.Services.GetService<INotificationSender>());
        var handler = new SurveyReminderHandler(_kit.Db.DbFactory, _kit.Db.Get<SurveyLinks>(), _kit.Db.Clock, sender);

        await handler.HandleAsync(new OutboxMessage("m1", CaseOutboxKinds.SurveyReminder, created.WorkflowInstanceId!, new() { ["surveyId"] = surveyId }, _kit.Db.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Empty(await NotificationsAsync(created.Id, "survey-reminder:"));
        Assert.Empty(sender.Delivered);
        Assert.Equal(SurveyStatus.Answered, (await Surveys.GetFormAsync(await TokenAsync(created.Id))).Status);
    }

    [Fact]
    public async Task TheToken_IsNotStoredInPlainTextInTheSurveysTable_OnlyItsSha256()
    {
        var created = await _kit.FileAsync();
        var token = await TokenAsync(created.Id);

        await using var db = _kit.Db.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM Surveys";
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
                values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        Assert.NotEmpty(values);
        Assert.DoesNotContain(values, v => v.Contains(token, StringComparison.Ordinal));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        Assert.Contains(hash, values);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private async Task<WorkflowState> StateAsync(Case created) => (await _kit.Db.Store.FindAsync(created.WorkflowInstanceId!))!.Snapshot.State;

    private async Task<Survey> SurveyAsync(string caseId)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.Surveys.AsNoTracking().SingleAsync(s => s.CaseId == caseId);
    }

    private async Task<List<NotificationMessage>> NotificationsAsync(string caseId, string keyPrefix)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.CaseId == caseId && n.IdempotencyKey.StartsWith(keyPrefix)).ToListAsync();
    }

    /// <summary>The token of the link the customer gets (what the sender puts into the invitation as it goes out).</summary>
    private async Task<string> TokenAsync(string caseId) => TokenIn((await OutgoingAsync((await NotificationsAsync(caseId, "survey-invite:")).Single())).Body);

    /// <summary>A stored message as a channel that reaches the customer gets it.</summary>
    private async Task<NotificationMessage> OutgoingAsync(NotificationMessage stored)
    {
        foreach (var secrets in _kit.Db.Services.GetServices<INotificationSecrets>())
            stored = await secrets.RevealAsync(stored, CancellationToken.None);
        return stored;
    }

    private static string TokenIn(string body) => LinkPattern().Match(body) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No survey link in: " + body);

    private async Task<OutboxMessage> OutboxMessageAsync(string kind)
    {
        foreach (var id in _kit.Db.Scheduler.Dispatches)
        {
            if (await _kit.Db.Store.FindOutboxMessageAsync(id) is { } found && found.Message.Kind == kind)
                return found.Message;
        }

        throw new InvalidOperationException($"No {kind} message was written");
    }

    [GeneratedRegex("/s/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();
}
