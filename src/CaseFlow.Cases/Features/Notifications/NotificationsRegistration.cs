using CaseFlow.Workflows.Durability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Cases.Features.Notifications;

internal static class NotificationsRegistration
{
    /// <summary>
    /// Notifications: the Notify activity's handler, channels (message log, SMTP), delivery. A host adds a channel
    /// (e.g. an SMS provider named <c>sms</c>) by registering another <see cref="INotificationChannel"/>.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, MessageLogChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, SmtpEmailChannel>());
        services.TryAddSingleton<NotificationChannels>();
        services.TryAddSingleton<NotificationService>();
        services.TryAddSingleton<INotificationSender>(sp => sp.GetRequiredService<NotificationService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxMessageHandler, NotifyHandler>());
        return services;
    }
}
