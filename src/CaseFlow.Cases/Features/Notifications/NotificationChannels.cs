using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// Picks the implementation that sends a channel's messages: the one <see cref="NotificationOptions.Channels"/>
/// names, else the registered implementation of the channel's own name (the last registered wins, so a host can
/// replace a built-in one), else the message log. SMTP without a host is treated as not registered.
/// </summary>
public sealed class NotificationChannels
{
    private readonly Dictionary<string, INotificationChannel> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _routes;
    private readonly INotificationChannel _log;

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every error when the options are invalid or name an unregistered implementation.</summary>
    public NotificationChannels(IEnumerable<INotificationChannel> implementations, IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(implementations);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var implementation in implementations)
            _byName[implementation.Name] = implementation;
        _log = _byName.GetValueOrDefault(NotificationChannelNames.Log) ?? new MessageLogChannel();
        _byName[NotificationChannelNames.Log] = _log;

        var settings = options.Value;
        var errors = settings.Validate().ToList();
        _routes = new Dictionary<string, string>(settings.Channels ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (channel, implementation) in _routes)
        {
            if (!string.IsNullOrWhiteSpace(implementation) && !_byName.ContainsKey(implementation))
                errors.Add($"{NotificationOptions.SectionName}:Channels:{channel} names '{implementation}', which is not registered: one of {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}");
        }

        if (errors.Count > 0)
            throw new InvalidOperationException($"Invalid {NotificationOptions.SectionName} configuration: {string.Join("; ", errors)}");
    }

    /// <summary>The implementation that sends messages of <paramref name="channel"/>.</summary>
    public INotificationChannel For(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var name = _routes.GetValueOrDefault(channel) ?? channel;
        return _byName.GetValueOrDefault(name) is { } found && found is not SmtpEmailChannel { IsConfigured: false } ? found : _log;
    }

    /// <summary>Whether a message of <paramref name="channel"/> only goes to the message log (nothing is sent to the person).</summary>
    public bool IsLogOnly(string channel) => ReferenceEquals(For(channel), _log);
}
