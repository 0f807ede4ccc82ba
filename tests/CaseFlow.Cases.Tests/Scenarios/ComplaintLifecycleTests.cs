using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>A complaint from intake to archive, and what the customer's survey answer does to it.</summary>
public sealed class ComplaintLifecycleTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task AComplaint_RunsFromIntakeToArchive_WithEveryTaskSlaFollowUpSurveyAndMessageOnItsTimeline()
    {
        var c = await _kit.FileAsync(description: "Promotion price not applied to order 7781.");
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(20));
        await _kit.ResolveAsync(c);
        await _kit.FeedBackAndFollowUpAsync(c);
        await _kit.AnswerSurveyAsync(c.Id, 5, "Quick and friendly.");

        var details = await _kit.DetailsAsync(c.Id);
        Assert.Equal(CaseStatus.Archived, details.Case.Status);
        Assert.Equal("agent", details.Case.Owner);
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(c)).SubStatus);
        Assert.All(details.Tasks, t => Assert.Equal(CaseTaskStatus.Completed, t.Status));
        Assert.Equal(["classify", "initialHandling", "priceCheck", "resolve", "feedback", "resultToDepartments", "followUp"], details.Tasks.Select(t => t.ActivityId));
        Assert.Equal("FollowUp", details.Tasks.Single(t => t.ActivityId == "followUp").Kind);

        var timeline = details.Timeline.Select(t => t.Title).ToList();
        string[] expected =
        [
            "Complaint received by phone",
            "SLA complaint.firstResponse started",
            "SLA complaint.resolution started",
            "Task created: Classify complaint " + c.Number,
            "Task completed: Classify complaint " + c.Number,
            "SLA complaint.firstResponse met",
            "SLA complaint.resolution met",
            "Follow-up scheduled for",
            "Follow-up due: Follow up complaint " + c.Number,
            "Survey sent",
            "Survey answered: 5/5",
            "Archived with its process history and result",
        ];
        foreach (var title in expected)
            Assert.Contains(timeline, t => t.StartsWith(title, StringComparison.Ordinal));
        Assert.Contains(details.Timeline, t => t.Kind == "Message" && t.Title.Contains("Li Wei", StringComparison.Ordinal));
        Assert.Contains(details.Timeline, t => t.Source == "workflow" && t.Title == "archive completed");
        Assert.Equal(details.Timeline.OrderBy(t => t.At).Select(t => t.At), details.Timeline.Select(t => t.At));

        // Each line the system wrote also says what happened as a code and values, for screens in other languages.
        var codes = details.Timeline.Where(t => t.Code is not null).Select(t => t.Code).ToHashSet();
        foreach (var code in new[] { "received", "taskCreated", "taskCompleted", "slaStarted", "slaMet", "followUpScheduled", "followUpDue", "surveySent", "surveyAnswered", "stepCompleted", "caseChanged", "caseNoted" })
            Assert.Contains(code, codes);
        Assert.Equal(("Complaint", "Phone"), (details.Timeline.Single(t => t.Code == "received").Args["type"], details.Timeline.Single(t => t.Code == "received").Args["channel"]));
        Assert.Equal("5", details.Timeline.Single(t => t.Code == "surveyAnswered").Args["score"]);
        Assert.Contains(details.Timeline, t => t.Code == "caseChanged" && t.Args.GetValueOrDefault("categoryTo") == "price" && t.Args.GetValueOrDefault("statusTo") == "InProgress");
        Assert.Contains(details.Timeline, t => t.Code == "caseNoted" && t.Title == "Archived with its process history and result" && t.Args["statusTo"] == "Archived");
        Assert.Contains(details.Timeline, t => t.Code == "taskCompleted" && t.Args["title"] == "Classify complaint " + c.Number && t.Args["outcome"] == "Classified");

        var messages = await _kit.MessagesAsync(c.Id);
        Assert.All(messages, m => Assert.Equal(NotificationStatus.Sent, m.Status));
        Assert.Equal(messages.Count, messages.Select(m => m.IdempotencyKey).Distinct().Count());
        Assert.Contains(messages, m => m.Subject == $"We received your complaint {c.Number}");
        Assert.Contains(messages, m => m.Subject == $"Your complaint {c.Number} is resolved");
    }

    [Fact]
    public async Task ANegativeSurveyAnswer_ReopensTheComplaintAsALinkedFollowUpCase_WithItsOwnSla()
    {
        var c = await _kit.FileAsync();
        await _kit.ResolveAsync(c);
        await _kit.FeedBackAndFollowUpAsync(c);

        await _kit.AnswerSurveyAsync(c.Id, 2, "The refund never arrived.");

        Assert.Equal(CaseStatus.Archived, (await _kit.CaseAsync(c.Id)).Status);
        await using var db = _kit.Db.CreateDbContext();
        var followUp = await db.Cases.AsNoTracking().SingleAsync(x => x.ParentCaseId == c.Id);
        Assert.Equal((CaseType.Complaint, CasePriority.High, c.CustomerId, "agent"), (followUp.Type, followUp.Priority, followUp.CustomerId, followUp.Owner));
        Assert.StartsWith("Negative satisfaction survey for " + c.Number, followUp.Description, StringComparison.Ordinal);
        var slas = await _kit.SlasAsync(followUp.Id);
        Assert.Equal(["complaint.firstResponse", "complaint.resolution"], slas.Select(s => s.Name));
        Assert.All(slas, s => Assert.Equal(SlaClockStatus.Running, s.Status));
        Assert.Equal("classify", Assert.Single(await _kit.OpenTasksAsync(followUp.Id)).ActivityId);
        Assert.Contains((await _kit.DetailsAsync(c.Id)).Timeline, t => t.Title == $"Follow-up case {followUp.Number} opened");
    }

    [Fact]
    public async Task ASurveyWithoutAnswer_IsRemindedOnce_ThenExpires_AndTheComplaintIsArchived()
    {
        var c = await _kit.FileAsync();
        await _kit.ResolveAsync(c);
        await _kit.FeedBackAndFollowUpAsync(c);
        var token = await _kit.SurveyTokenAsync(c.Id);

        await _kit.AdvanceAsync(TimeSpan.FromDays(3));
        await _kit.AdvanceAsync(TimeSpan.FromDays(5));

        Assert.Single(await _kit.MessagesAsync(c.Id), m => m.IdempotencyKey.StartsWith("survey-reminder:", StringComparison.Ordinal));
        Assert.Equal(CaseStatus.Archived, (await _kit.CaseAsync(c.Id)).Status);
        var refused = await Assert.ThrowsAsync<ConflictException>(() => _kit.Db.Get<CaseFlow.Cases.Features.Surveys.SurveyCommands>().AnswerAsync(new CaseFlow.Cases.Features.Surveys.AnswerSurvey(token, 5, null)));
        Assert.Contains("expired", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASurveyLink_IsSingleUse()
    {
        var c = await _kit.FileAsync();
        await _kit.ResolveAsync(c);
        await _kit.FeedBackAndFollowUpAsync(c);
        var token = await _kit.SurveyTokenAsync(c.Id);
        await _kit.AnswerSurveyAsync(c.Id, 4);

        await Assert.ThrowsAsync<ConflictException>(() => _kit.Db.Get<CaseFlow.Cases.Features.Surveys.SurveyCommands>().AnswerAsync(new CaseFlow.Cases.Features.Surveys.AnswerSurvey(token, 1, "changed my mind")));
        await Assert.ThrowsAsync<NotFoundException>(() => _kit.Db.Get<CaseFlow.Cases.Features.Surveys.SurveyCommands>().AnswerAsync(new CaseFlow.Cases.Features.Surveys.AnswerSurvey(token[..^1] + "x", 1, null)));
    }
}
