using CaseFlow.Cases.Features.Notifications;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Tests.Features.Notifications;

public sealed class NotificationChannelsTests
{
    private static NotificationChannels Channels(NotificationOptions options, params INotificationChannel[] extra)
    {
        var wrapped = Options.Create(options);
        return new NotificationChannels([new MessageLogChannel(), new SmtpEmailChannel(wrapped), .. extra], wrapped);
    }

    [Fact]
    public void Email_GoesToTheMessageLog_WhenNoSmtpHostIsSet()
    {
        var channels = Channels(new NotificationOptions());

        Assert.IsType<MessageLogChannel>(channels.For("email"));
        Assert.True(channels.IsLogOnly("email"));
    }

    [Fact]
    public void Email_GoesThroughSmtp_WhenAHostIsSet()
    {
        var channels = Channels(new NotificationOptions { Smtp = { Host = "mail.example.com", From = "service@example.com" } });

        Assert.IsType<SmtpEmailChannel>(channels.For("email"));
        Assert.False(channels.IsLogOnly("email"));
    }

    [Fact]
    public void SmsAndVoice_GoToTheMessageLog_UntilAChannelOfThatNameIsRegistered()
    {
        var sms = new RecordingChannel("sms");

        Assert.IsType<MessageLogChannel>(Channels(new NotificationOptions()).For("sms"));
        Assert.IsType<MessageLogChannel>(Channels(new NotificationOptions()).For("voice"));
        Assert.Same(sms, Channels(new NotificationOptions(), sms).For("SMS"));
        Assert.IsType<MessageLogChannel>(Channels(new NotificationOptions(), sms).For("voice"));
    }

    [Fact]
    public void TheChannelsOption_RoutesAChannelToAnyRegisteredImplementation()
    {
        var provider = new RecordingChannel("sendgrid");
        var options = new NotificationOptions { Channels = { ["email"] = "sendgrid", ["voice"] = "log" } };

        var channels = Channels(options, provider, new RecordingChannel("voice"));

        Assert.Same(provider, channels.For("email"));
        Assert.IsType<MessageLogChannel>(channels.For("voice"));
    }

    [Fact]
    public void InvalidOptions_AreRefused_NamingEveryField()
    {
        var options = new NotificationOptions
        {
            MaxAttempts = 0,
            Channels = { ["email"] = "mailgun", ["fax"] = "log" },
            Smtp = { Host = "mail.example.com", From = "not an address" },
        };

        var ex = Assert.Throws<InvalidOperationException>(() => Channels(options));

        Assert.Contains("CaseFlow:Notifications:MaxAttempts 0 must be at least 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CaseFlow:Notifications:Channels:fax is not a channel", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CaseFlow:Notifications:Channels:email names 'mailgun', which is not registered", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CaseFlow:Notifications:Smtp:From 'not an address' is not an email address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageIdFor_IsTheSameForTheSameKey_AndDiffersForAnother()
    {
        Assert.Equal(SmtpEmailChannel.MessageIdFor("case-1:a"), SmtpEmailChannel.MessageIdFor("case-1:a"));
        Assert.NotEqual(SmtpEmailChannel.MessageIdFor("case-1:a"), SmtpEmailChannel.MessageIdFor("case-1:b"));
    }
}
