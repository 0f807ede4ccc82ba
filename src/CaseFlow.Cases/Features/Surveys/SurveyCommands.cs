using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>A customer's answer from the public page: a score from 1 to 5 and an optional comment.</summary>
public sealed record AnswerSurvey(string? Token, int? Score, string? Comment);

/// <summary>What the public answer page shows. <see cref="Status"/> is already <c>Expired</c> once the link's time is up.</summary>
public sealed record SurveyForm(string? CaseNumber, string Question, SurveyStatus Status, DateTimeOffset ExpiresAt);

/// <summary>
/// The customer's side of a survey, reached only through the link's token: show the form, answer it (once, before it
/// expires; resumes the workflow). The answer is saved under the survey's revision, so two answers at once give one
/// success and one <see cref="ConflictException"/>. Plus the sweeps a host runs periodically.
/// </summary>
public sealed class SurveyCommands(IDbContextFactory<CaseFlowDbContext> dbFactory, DurableWorkflowRuntime runtime, TimeProvider clock, ILogger<SurveyCommands>? logger = null)
{
    public const int MaxCommentLength = 2000;
    private const int MaxTokenLength = 128;
    private const string GenericQuestion = "How satisfied are you with how we handled your case?";

    public async Task<SurveyForm> GetFormAsync(string? token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var survey = await FindAsync(db, token, tracked: false, cancellationToken);
        return await ToFormAsync(db, survey, cancellationToken);
    }

    /// <summary>
    /// Records the answer, then resumes the workflow on Positive or Negative. The answer is saved first; should the
    /// process stop before the workflow took it, <see cref="ResumeAnsweredAsync"/> hands it over again.
    /// </summary>
    public async Task<SurveyForm> AnswerAsync(AnswerSurvey command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        var errors = new ValidationErrors();
        if (command.Score is not (>= 1 and <= 5))
            errors.Add("score", "Choose a score from 1 (very dissatisfied) to 5 (very satisfied).");
        if (comment is { Length: > MaxCommentLength })
            errors.Add("comment", $"The comment can have at most {MaxCommentLength} characters.");
        errors.ThrowIfAny();
        var score = command.Score!.Value;

        Survey survey;
        SurveyForm form;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            survey = await FindAsync(db, command.Token, tracked: true, cancellationToken);
            var now = clock.GetUtcNow();
            EnsureAnswerable(survey, now);
            survey.Status = SurveyStatus.Answered;
            survey.Score = score;
            survey.Comment = comment;
            survey.AnsweredAt = now;
            survey.Revision++;
            if (survey.CaseId is not null)
            {
                await Timeline.AddOnceAsync(db, new TimelineEntry
                {
                    CaseId = survey.CaseId,
                    At = now,
                    Kind = TimelineKind.Survey,
                    Title = $"Survey answered: {score}/5",
                    Code = "surveyAnswered",
                    Args = new() { ["score"] = score.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    Actor = "customer",
                    Detail = comment,
                    SourceId = "survey-answered:" + survey.Id,
                }, cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                // Lost to another answer (or the expiry sweep): report what the survey is now.
                await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
                var current = await fresh.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == survey.Id, cancellationToken);
                if (current is null || current.Status == SurveyStatus.Pending)
                    throw;
                EnsureAnswerable(current, now);
                throw new ConflictException("This survey was changed meanwhile; reload it") { Data = { ["inner"] = ex.Message } };
            }

            form = await ToFormAsync(db, survey, cancellationToken);
        }

        await ResumeAsync(survey, cancellationToken);
        return form;
    }

    /// <summary>
    /// Marks pending surveys whose time is up as expired, so the table tells the truth between the expiry and the
    /// workflow's own expiry timer (which completes the activity and writes the timeline). Returns how many.
    /// </summary>
    public async Task<int> ExpireOverdueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Surveys
            .Where(s => s.Status == SurveyStatus.Pending && s.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SurveyStatus.Expired).SetProperty(x => x.Revision, x => x.Revision + 1), cancellationToken);
    }

    /// <summary>
    /// Hands answers to their workflows again (start-up recovery, a sweep): the answered surveys whose instance still
    /// waits on a survey bookmark, i.e. the answers a crash kept from their workflow. Returns how many were resumed now.
    /// </summary>
    public async Task<int> ResumeAnsweredAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<Survey> answered;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            answered = await db.Surveys.AsNoTracking()
                .Where(s => s.Status == SurveyStatus.Answered && s.ExpiresAt > now)
                .Where(s => db.Bookmarks.Any(b => b.InstanceId == s.WorkflowInstanceId && b.Name == SendSurvey.BookmarkName))
                .OrderBy(s => s.AnsweredAt).Take(500).ToListAsync(cancellationToken);
        var resumed = 0;
        foreach (var survey in answered)
        {
            // One survey whose workflow cannot be resumed must not hold up the others.
            try
            {
                resumed += await ResumeAsync(survey, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                (logger ?? NullLogger<SurveyCommands>.Instance).LogError(ex, "The answer to survey {SurveyId} could not be handed to workflow instance {InstanceId}: {Reason}; the next sweep tries again", survey.Id, survey.WorkflowInstanceId, ex.Message);
            }
        }

        return resumed;
    }

    private Task<int> ResumeAsync(Survey survey, CancellationToken cancellationToken) =>
        runtime.ResumeStimulusAsync(
            SendSurvey.BookmarkName,
            new Dictionary<string, object?> { ["surveyId"] = survey.Id },
            new Dictionary<string, object?> { ["score"] = survey.Score, ["comment"] = survey.Comment },
            "survey:" + survey.Id,
            cancellationToken);

    private static async Task<Survey> FindAsync(CaseFlowDbContext db, string? token, bool tracked, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
            throw new NotFoundException("This survey link is not valid");
        var hash = SurveyTokens.Hash(token.Trim());
        var query = tracked ? db.Surveys : db.Surveys.AsNoTracking();
        return await query.FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken)
            ?? throw new NotFoundException("This survey link is not valid");
    }

    private static void EnsureAnswerable(Survey survey, DateTimeOffset now)
    {
        if (survey.Status == SurveyStatus.Answered)
            throw new ConflictException("This survey was already answered");
        if (survey.Status == SurveyStatus.Expired || now >= survey.ExpiresAt)
            throw new ConflictException("This survey has expired");
    }

    private async Task<SurveyForm> ToFormAsync(CaseFlowDbContext db, Survey survey, CancellationToken cancellationToken)
    {
        var caseNumber = survey.CaseId is null ? null : await db.Cases.Where(c => c.Id == survey.CaseId).Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);

        // The invitation is the survey's record of what was asked (its subject is the question).
        var key = SurveyMessages.InvitationKey(survey.Id);
        var question = await db.Notifications.Where(n => n.IdempotencyKey == key).Select(n => n.Subject).FirstOrDefaultAsync(cancellationToken);
        var status = survey.Status == SurveyStatus.Pending && clock.GetUtcNow() >= survey.ExpiresAt ? SurveyStatus.Expired : survey.Status;
        return new SurveyForm(caseNumber, string.IsNullOrWhiteSpace(question) ? GenericQuestion : question, status, survey.ExpiresAt);
    }
}
