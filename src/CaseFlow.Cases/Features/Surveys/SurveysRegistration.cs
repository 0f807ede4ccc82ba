using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Features.Surveys;

internal static class SurveysRegistration
{
    /// <summary>CSAT surveys: the SendSurvey activity's handlers, tokens, answers, reminders and expiry.</summary>
    public static IServiceCollection AddSurveys(this IServiceCollection services) => services;
}
