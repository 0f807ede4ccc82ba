using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Surveys;

/// <summary>
/// Records that a survey's workflow stopped waiting without an answer: a pending survey becomes expired and the case's
/// timeline says so, once. A survey answered in the meantime stays answered.
/// </summary>
public sealed class SurveyExpiredHandler(IDbContextFactory<CaseFlowDbContext> dbFactory) : IOutboxMessageHandler
{
    private const int MaxAttempts = 3;

    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.SurveyExpired];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("surveyId") is not string surveyId)
            return;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var survey = await db.Surveys.FirstOrDefaultAsync(s => s.Id == surveyId, cancellationToken);
            if (survey is null || survey.Status == SurveyStatus.Answered)
                return;
            if (survey.Status == SurveyStatus.Pending)
            {
                survey.Status = SurveyStatus.Expired;
                survey.Revision++;
            }

            // Also when the sweep marked it expired first: the sweep writes no timeline.
            if (survey.CaseId is not null)
            {
                await Timeline.AddOnceAsync(db, new TimelineEntry
                {
                    CaseId = survey.CaseId,
                    At = message.CreatedAt,
                    Kind = TimelineKind.Survey,
                    Title = "Survey expired without an answer",
                    Code = "surveyExpired",
                    SourceId = "survey-expired:" + surveyId,
                }, cancellationToken);
            }

            if (!db.ChangeTracker.HasChanges())
                return;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Changed meantime (an answer that just made it, a parallel delivery): look again.
            }
        }
    }
}
