using System.Net.Mail;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// Notification delivery (bound from the <c>CaseFlow:Notifications</c> section by hosts). With the defaults nothing
/// needs setting up: every message is kept in the case's message log, and email goes out once
/// <see cref="SmtpOptions.Host"/> is set.
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "CaseFlow:Notifications";

    /// <summary>Sending attempts before a message is marked failed (default 5); earlier failures are retried.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long a delivery holds a message (default 1 min). Keep it longer than the slowest channel's timeout:
    /// a delivery still running when its claim ends can be overtaken by another, which sends again.
    /// </summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Which implementation (an <see cref="INotificationChannel.Name"/>) sends each channel's messages, e.g.
    /// <c>{ "sms": "log" }</c>. Unlisted channels use the implementation of the same name when one is registered
    /// (<c>email</c>: SMTP, only when <see cref="SmtpOptions.Host"/> is set), otherwise the message log.
    /// </summary>
    public Dictionary<string, string> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Every configuration error, each naming its field; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxAttempts < 1)
            errors.Add(FormattableString.Invariant($"{SectionName}:{nameof(MaxAttempts)} {MaxAttempts} must be at least 1"));
        if (ClaimDuration <= TimeSpan.Zero)
            errors.Add(FormattableString.Invariant($"{SectionName}:{nameof(ClaimDuration)} {ClaimDuration:c} must be positive"));
        foreach (var (channel, implementation) in Channels ?? [])
        {
            if (!NotificationChannelNames.Delivery.Contains(channel, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{SectionName}:{nameof(Channels)}:{channel} is not a channel: one of {string.Join(", ", NotificationChannelNames.Delivery)}");
            else if (string.IsNullOrWhiteSpace(implementation))
                errors.Add($"{SectionName}:{nameof(Channels)}:{channel} names no implementation");
        }

        if (Smtp is null)
        {
            errors.Add($"{SectionName}:{nameof(Smtp)} is missing");
            return errors;
        }

        if (Smtp.Port is < 1 or > 65535)
            errors.Add(FormattableString.Invariant($"{SectionName}:Smtp:Port {Smtp.Port} is not a port"));
        if (Smtp.Timeout <= TimeSpan.Zero || Smtp.Timeout.TotalMilliseconds > int.MaxValue)
            errors.Add(FormattableString.Invariant($"{SectionName}:Smtp:Timeout {Smtp.Timeout:c} must be positive and under 24 days"));
        if (Smtp.IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(Smtp.From))
                errors.Add($"{SectionName}:Smtp:From is required when Smtp:Host is set");
            else if (!MailAddress.TryCreate(Smtp.From, out _))
                errors.Add($"{SectionName}:Smtp:From '{Smtp.From}' is not an email address");
            if (Smtp.Timeout >= ClaimDuration)
                errors.Add(FormattableString.Invariant($"{SectionName}:Smtp:Timeout {Smtp.Timeout:c} must be shorter than {nameof(ClaimDuration)} {ClaimDuration:c}"));
        }

        return errors;
    }
}

/// <summary>The SMTP server email goes through; email is off (kept in the message log) while <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }

    /// <summary>With <see cref="Password"/>, the credentials to log in with; empty: no login.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>CaseFlow Service &lt;service@example.com&gt;</c>; required with a host.</summary>
    public string? From { get; set; }

    /// <summary>How long one send may take (default 30 s, shorter than <see cref="NotificationOptions.ClaimDuration"/>).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Channel names: what a Notify asks for (<see cref="Auto"/> is resolved per recipient when the message is stored).</summary>
public static class NotificationChannelNames
{
    public const string Auto = "auto";
    public const string Log = "log";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Voice = "voice";

    /// <summary>The channels a stored message can have.</summary>
    public static readonly IReadOnlyList<string> Delivery = [Log, Email, Sms, Voice];
}
