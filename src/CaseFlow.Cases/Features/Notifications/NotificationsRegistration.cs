using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Features.Notifications;

internal static class NotificationsRegistration
{
    /// <summary>Notifications: the Notify activity's handler, channels (message log, SMTP), delivery.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services) => services;
}
