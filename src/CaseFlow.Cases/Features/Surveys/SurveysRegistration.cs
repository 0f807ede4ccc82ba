using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Workflows.Durability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Cases.Features.Surveys;

internal static class SurveysRegistration
{
    /// <summary>CSAT surveys: the SendSurvey activity's handlers, links, answers, reminders and expiry.</summary>
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddOptions<SurveyOptions>();
        services.TryAddSingleton<SurveyLinks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSecrets, SurveyLinkSecrets>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, SurveyRequestedHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, SurveyReminderHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, SurveyExpiredHandler>());
        services.TryAddSingleton<SurveyCommands>();
        return services;
    }
}
