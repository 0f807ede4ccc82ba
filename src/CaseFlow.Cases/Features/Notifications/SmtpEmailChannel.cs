using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using CaseFlow.Cases.Domain;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Notifications;

/// <summary>
/// The <c>email</c> channel over SMTP (<see cref="NotificationOptions.Smtp"/>). Used only while
/// <see cref="SmtpOptions.Host"/> is set; otherwise email stays in the message log.
/// </summary>
public sealed class SmtpEmailChannel(IOptions<NotificationOptions> options) : INotificationChannel
{
    public string Name => NotificationChannelNames.Email;

    public bool IsConfigured => options.Value.Smtp.IsConfigured;

    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value.Smtp;
        if (!smtp.IsConfigured)
            throw new InvalidOperationException($"{NotificationOptions.SectionName}:Smtp:Host is not set");
        if (string.IsNullOrWhiteSpace(message.Address))
            throw new NotificationUndeliverableException($"No email address for {message.Recipient}");
        if (!MailAddress.TryCreate(message.Address, message.Recipient, out var to))
            throw new NotificationUndeliverableException($"'{message.Address}' is not an email address");

        using var mail = new MailMessage
        {
            From = new MailAddress(smtp.From!),
            Subject = message.Subject ?? "",
            Body = message.Body,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        mail.To.Add(to);
        // The same id on every attempt: a server or mail client that got a resend can tell it is the same message.
        mail.Headers.Add("Message-ID", MessageIdFor(message.IdempotencyKey));

        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.EnableSsl,
            Timeout = (int)smtp.Timeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        await client.SendMailAsync(mail, cancellationToken);
    }

    /// <summary>The Message-ID header of a message: a hash of its idempotency key, so every attempt carries the same one.</summary>
    public static string MessageIdFor(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return string.Create(CultureInfo.InvariantCulture, $"<{Convert.ToHexStringLower(hash)[..32]}@caseflow>");
    }
}
