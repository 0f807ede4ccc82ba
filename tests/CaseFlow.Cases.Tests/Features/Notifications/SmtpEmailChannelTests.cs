using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Notifications;

public sealed class SmtpEmailChannelTests
{
    private static Task<NotificationsKit> KitSendingTo(MiniSmtpServer server, Workflows.Definitions.WorkflowDefinition? workflow = null) => NotificationsKit.CreateAsync(workflow, s => s.Configure<NotificationOptions>(o =>
    {
        o.Smtp.Host = "127.0.0.1";
        o.Smtp.Port = server.Port;
        o.Smtp.From = "CaseFlow Service <service@caseflow.test>";
        o.Smtp.Timeout = TimeSpan.FromSeconds(10);
    }));

    [Fact]
    public async Task Notify_SendsOneEmailToTheCustomer_WithTheSubjectAndAMessageIdFromItsKey()
    {
        await using var server = new MiniSmtpServer();
        await using var kit = await KitSendingTo(server);
        var created = await kit.FileAsync();
        var message = Assert.Single(await kit.Notifications.ForCaseAsync(created.Id));

        var mail = Assert.Single(server.Mails);
        Assert.Equal("service@caseflow.test", mail.From);
        Assert.Equal([NotificationsKit.Email], mail.To);
        Assert.Equal("Your complaint CF-2026-000001", MimeHeader.Decode(mail.Header("Subject")));
        Assert.Contains(NotificationsKit.Email, mail.Header("To"), StringComparison.Ordinal);
        Assert.Equal(SmtpEmailChannel.MessageIdFor(message.IdempotencyKey), mail.Header("Message-ID"));
        Assert.Matches("^<[0-9a-f]{32}@caseflow>$", mail.Header("Message-ID"));
        Assert.Contains("we have received your complaint CF-2026-000001", MimeHeader.DecodeBody(mail), StringComparison.Ordinal);
        Assert.Equal(NotificationStatus.Sent, message.Status);
        Assert.Equal("Email sent to Li Wei: Your complaint CF-2026-000001", Assert.Single(await kit.MessageTimelineAsync(created.Id)).Title);
    }

    [Fact]
    public async Task Notify_EncodesAChineseNameSubjectAndBody_SoTheyArriveIntact()
    {
        await using var server = new MiniSmtpServer();
        await using var kit = await KitSendingTo(server, NotifyWorkflows.Chain(
            NotifyWorkflows.Notify("acknowledge", "{{ Input.customerName }}，您好：我们已收到您的投诉。", subject: "您的投诉 {{ Input.caseNumber }}")));

        await kit.FileAsync(Cases.CaseTestKit.Complaint(name: "李伟", email: NotificationsKit.Email));

        var mail = Assert.Single(server.Mails);
        Assert.Equal("您的投诉 CF-2026-000001", MimeHeader.Decode(mail.Header("Subject")));
        Assert.Equal("李伟 <li.wei@example.com>", MimeHeader.Decode(mail.Header("To")));
        Assert.Equal("李伟，您好：我们已收到您的投诉。", MimeHeader.DecodeBody(mail));
    }

    [Fact]
    public async Task Deliver_SendsNoSecondEmail_WhenTheMessageIsDeliveredAgain()
    {
        await using var server = new MiniSmtpServer();
        await using var kit = await KitSendingTo(server);
        var created = await kit.FileAsync();
        var message = Assert.Single(await kit.Notifications.ForCaseAsync(created.Id));

        await kit.Notifications.DeliverAsync(message.Id);
        await kit.Runtime.DispatchAsync(await kit.ForgetDispatchOfAsync(Activities.CaseOutboxKinds.Notify));

        Assert.Single(server.Mails);
    }

    [Fact]
    public async Task Notify_RecordsTheError_AndLeavesTheMessagePendingForTheSweep_WhenTheServerIsDown()
    {
        await using var kit = await NotificationsKit.CreateAsync(configure: s => s.Configure<NotificationOptions>(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = ClosedPort();
            o.Smtp.From = "service@caseflow.test";
        }));

        var created = await kit.IntakeAsync();
        await kit.DrainAsync();

        var message = Assert.Single(await kit.Notifications.ForCaseAsync(created.Id));
        Assert.Equal((NotificationStatus.Pending, 1), (message.Status, message.Attempts));
        Assert.False(string.IsNullOrEmpty(message.LastError));
        // The message row carries the retry (the case sweep's DeliverPendingAsync); the outbox moves on to the
        // instance's later messages instead of waiting for the mail server.
        await using var db = kit.CreateDbContext();
        Assert.NotNull((await db.OutboxMessages.SingleAsync(o => o.Kind == Activities.CaseOutboxKinds.Notify)).DispatchedAt);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Reads what System.Net.Mail may encode: RFC 2047 header words (whitespace between two of them is dropped) and base64 or quoted-printable bodies.</summary>
internal static class MimeHeader
{
    public static string? Decode(string? value) => value is null ? null : System.Text.RegularExpressions.Regex.Replace(
        value,
        @"=\?(?<charset>[^?]+)\?(?<enc>[bBqQ])\?(?<text>[^?]*)\?=(?:\s+(?==\?))?",
        m =>
        {
            var encoding = System.Text.Encoding.GetEncoding(m.Groups["charset"].Value);
            var text = m.Groups["text"].Value;
            return m.Groups["enc"].Value is "b" or "B"
                ? encoding.GetString(Convert.FromBase64String(text))
                : encoding.GetString(QuotedPrintable(text.Replace('_', ' ')));
        });

    public static string DecodeBody(ReceivedMail mail)
    {
        var body = mail.Data.Split("\r\n\r\n", 2)[1];
        var encoding = mail.Header("Content-Transfer-Encoding")?.ToUpperInvariant();
        return encoding switch
        {
            "BASE64" => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal))),
            "QUOTED-PRINTABLE" => System.Text.Encoding.UTF8.GetString(QuotedPrintable(body.Replace("=\r\n", "", StringComparison.Ordinal))),
            _ => body,
        };
    }

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return [.. bytes];
    }
}
