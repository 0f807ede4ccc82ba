using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Cases.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Notifications;

public sealed class NotificationServiceTests : IAsyncLifetime
{
    private readonly RecordingChannel _email = new("email");
    private NotificationsKit _kit = null!;

    // The simple workflow sends nothing itself: every message here comes from the test.
    public async Task InitializeAsync() => _kit = await NotificationsKit.CreateAsync(CaseWorkflows.Simple(), s =>
    {
        s.AddSingleton<INotificationChannel>(_email);
        s.Configure<NotificationOptions>(o => o.MaxAttempts = 3);
    });

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private static NotificationRequest ToCustomer(string caseId, string channel = "auto", string key = "k1") =>
        new() { IdempotencyKey = key, CaseId = caseId, Channel = channel, Subject = "Your complaint", Body = "We are on it." };

    [Fact]
    public async Task Enqueue_PicksEmail_ForACustomerWithAnEmailAddress()
    {
        var created = await _kit.FileAsync(CaseTestKit.Complaint(email: NotificationsKit.Email));

        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));

        Assert.Equal(("Li Wei", "email", NotificationsKit.Email, NotificationStatus.Pending, 0), (message.Recipient, message.Channel, message.Address, message.Status, message.Attempts));
    }

    [Fact]
    public async Task Enqueue_PicksSms_ForACustomerWithOnlyAPhone()
    {
        var created = await _kit.FileAsync(CaseTestKit.Complaint(phone: "+86 138 0000 0001", email: null));

        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));

        Assert.Equal(("sms", "+86 138 0000 0001"), (message.Channel, message.Address));
    }

    [Fact]
    public async Task Enqueue_UsesThePhone_ForAVoiceMessage_EvenWhenTheCustomerHasAnEmailAddress()
    {
        var created = await _kit.FileAsync(CaseTestKit.Complaint(phone: "+86 138 0000 0001", email: NotificationsKit.Email));

        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id, channel: "Voice"));

        Assert.Equal(("voice", "+86 138 0000 0001"), (message.Channel, message.Address));
    }

    [Theory]
    [InlineData(RecipientKind.Role, "Supervisor")]
    [InlineData(RecipientKind.User, "agent2")]
    [InlineData(RecipientKind.Department, "Quality")]
    public async Task Enqueue_PicksTheMessageLog_ForStaff(RecipientKind kind, string recipient)
    {
        var created = await _kit.FileAsync();

        var message = await _kit.Notifications.EnqueueAsync(new NotificationRequest { IdempotencyKey = "staff", CaseId = created.Id, RecipientKind = kind, Recipient = recipient, Body = "Have a look." });

        Assert.Equal((kind, recipient, "log", (string?)null), (message.RecipientKind, message.Recipient, message.Channel, message.Address));
    }

    [Fact]
    public async Task Enqueue_ReturnsTheStoredMessage_ForAKeyItAlreadyHas_EvenWhenAskedTwiceAtOnce()
    {
        var created = await _kit.FileAsync();

        var messages = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _kit.Notifications.EnqueueAsync(ToCustomer(created.Id)))));
        var later = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id) with { Body = "Something else" });

        Assert.Single(messages.Select(m => m.Id).Append(later.Id).Distinct());
        Assert.Equal("We are on it.", later.Body);
        Assert.Single(await _kit.Notifications.ForCaseAsync(created.Id));
    }

    [Fact]
    public async Task Enqueue_KeepsACustomerMessageWithoutACase_AsFailed()
    {
        var message = await _kit.Notifications.EnqueueAsync(new NotificationRequest { IdempotencyKey = "nocase", Body = "Hello" });
        await _kit.Notifications.DeliverAsync(message.Id);

        Assert.Equal((NotificationStatus.Failed, "No case, so no customer to send to"), (message.Status, message.LastError));
        Assert.Equal(0, _email.Calls);
    }

    [Fact]
    public async Task Deliver_SendsNothingTwice_WhenCalledAgain()
    {
        var created = await _kit.FileAsync();
        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));

        await _kit.Notifications.DeliverAsync(message.Id);
        await _kit.Notifications.DeliverAsync(message.Id);

        Assert.Single(_email.Sent);
        Assert.Equal((NotificationStatus.Sent, 1, (DateTimeOffset?)null), Summary(await _kit.ReloadAsync(message.Id)));
        Assert.Equal("Email sent to Li Wei: Your complaint", Assert.Single(await _kit.MessageTimelineAsync(created.Id)).Title);
    }

    [Fact]
    public async Task Deliver_SendsOnce_WhenTwoDeliveriesRunAtOnce()
    {
        _email.Delay = TimeSpan.FromMilliseconds(200);
        var created = await _kit.FileAsync();
        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => _kit.Notifications.DeliverAsync(message.Id))));

        Assert.Equal(1, _email.Calls);
        Assert.Equal((NotificationStatus.Sent, 1, (DateTimeOffset?)null), Summary(await _kit.ReloadAsync(message.Id)));
        Assert.Single(await _kit.MessageTimelineAsync(created.Id));
    }

    [Fact]
    public async Task Deliver_LeavesAMessageAnotherDeliveryHolds_UntilItsClaimRunsOut()
    {
        var created = await _kit.FileAsync();
        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));
        await using (var db = _kit.CreateDbContext())
        {
            // The delivery that claimed it crashed before it could record anything.
            await db.Notifications.Where(n => n.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(n => n.ClaimedUntil, _kit.Clock.GetUtcNow().AddMinutes(1))
                .SetProperty(n => n.Attempts, 1));
        }

        await _kit.Notifications.DeliverAsync(message.Id);
        Assert.Equal(0, await _kit.Notifications.DeliverPendingAsync());
        Assert.Empty(_email.Sent);

        _kit.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _kit.Notifications.DeliverPendingAsync());

        Assert.Single(_email.Sent);
        Assert.Equal((NotificationStatus.Sent, 2, (DateTimeOffset?)null), Summary(await _kit.ReloadAsync(message.Id)));
    }

    [Fact]
    public async Task Deliver_RecordsTheErrorAndRethrows_WhileAttemptsRemain()
    {
        _email.FailTimes(1);
        var created = await _kit.FileAsync();
        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));

        var ex = await Assert.ThrowsAsync<IOException>(() => _kit.Notifications.DeliverAsync(message.Id));

        var failed = await _kit.ReloadAsync(message.Id);
        Assert.Equal((NotificationStatus.Pending, 1, (DateTimeOffset?)null), Summary(failed));
        Assert.Equal(ex.Message, failed.LastError);
        Assert.Empty(await _kit.MessageTimelineAsync(created.Id));
    }

    [Fact]
    public async Task Deliver_SendsOnce_WhenARetrySucceedsAfterAFailure()
    {
        _email.FailTimes(1);
        var created = await _kit.FileAsync();
        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));
        await Assert.ThrowsAsync<IOException>(() => _kit.Notifications.DeliverAsync(message.Id));

        await _kit.Notifications.DeliverAsync(message.Id);
        await _kit.Notifications.DeliverAsync(message.Id);

        Assert.Single(_email.Sent);
        Assert.Equal(2, _email.Calls);
        var sent = await _kit.ReloadAsync(message.Id);
        Assert.Equal((NotificationStatus.Sent, 2, (DateTimeOffset?)null), Summary(sent));
        Assert.Equal(["Email sent to Li Wei: Your complaint"], (await _kit.MessageTimelineAsync(created.Id)).Select(e => e.Title));
    }

    [Fact]
    public async Task Deliver_MarksTheMessageFailed_AfterMaxAttempts_AndStopsTrying()
    {
        _email.FailTimes(10);
        var created = await _kit.FileAsync();
        var message = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id));

        await Assert.ThrowsAsync<IOException>(() => _kit.Notifications.DeliverAsync(message.Id));
        await Assert.ThrowsAsync<IOException>(() => _kit.Notifications.DeliverAsync(message.Id));
        await _kit.Notifications.DeliverAsync(message.Id);
        await _kit.Notifications.DeliverAsync(message.Id);

        Assert.Equal(3, _email.Calls);
        var failed = await _kit.ReloadAsync(message.Id);
        Assert.Equal((NotificationStatus.Failed, 3, (DateTimeOffset?)null), Summary(failed));
        Assert.Equal("mail server unavailable", failed.LastError);
        var entry = Assert.Single(await _kit.MessageTimelineAsync(created.Id));
        Assert.Equal(("Message failed: Email to Li Wei: Your complaint", "After 3 attempt(s): mail server unavailable"), (entry.Title, entry.Detail));
    }

    [Fact]
    public async Task Deliver_FailsAtOnce_WhenTheMessageCanNeverBeDelivered()
    {
        await using var kit = await NotificationsKit.CreateAsync(CaseWorkflows.Simple(), s => s.Configure<NotificationOptions>(o =>
        {
            // Never reached: the missing address stops it first.
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = 9;
            o.Smtp.From = "service@caseflow.test";
        }));
        var created = await kit.FileAsync(CaseTestKit.Complaint(email: null));
        var message = await kit.Notifications.EnqueueAsync(ToCustomer(created.Id, channel: "email"));

        await kit.Notifications.DeliverAsync(message.Id);

        var failed = await kit.ReloadAsync(message.Id);
        Assert.Equal((NotificationStatus.Failed, 1, "No email address for Li Wei"), (failed.Status, failed.Attempts, failed.LastError));
        Assert.Single(await kit.MessageTimelineAsync(created.Id));
    }

    [Fact]
    public async Task DeliverPending_SendsTheMessagesNoDeliveryHolds_OldestFirst()
    {
        var created = await _kit.FileAsync();
        var first = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id, key: "a"));
        _kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _kit.Notifications.EnqueueAsync(ToCustomer(created.Id, key: "b") with { Body = "Second" });
        await _kit.Notifications.DeliverAsync(first.Id);

        Assert.Equal(1, await _kit.Notifications.DeliverPendingAsync());

        Assert.Equal([first.Id, second.Id], _email.Sent.Select(m => m.Id));
        Assert.Equal([first.Id, second.Id], (await _kit.Notifications.ForCaseAsync(created.Id)).Select(m => m.Id));
        Assert.Equal(0, await _kit.Notifications.DeliverPendingAsync());
    }

    [Fact]
    public async Task DeliverAsync_DeliversAMessageAnotherFeatureStored()
    {
        var created = await _kit.FileAsync();
        await using (var db = _kit.CreateDbContext())
        {
            db.Notifications.Add(new NotificationMessage
            {
                Id = "survey-1",
                IdempotencyKey = "survey:1",
                CaseId = created.Id,
                Recipient = "Li Wei",
                Address = NotificationsKit.Email,
                Channel = "email",
                Subject = "How did we do?",
                Body = "Tell us: https://caseflow.test/s/abc",
                CreatedAt = _kit.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        await _kit.Get<INotificationSender>().DeliverAsync("survey-1");

        Assert.Equal("survey-1", Assert.Single(_email.Sent).Id);
        Assert.Equal(NotificationStatus.Sent, (await _kit.ReloadAsync("survey-1")).Status);
    }

    private static (NotificationStatus, int, DateTimeOffset?) Summary(NotificationMessage message) => (message.Status, message.Attempts, message.ClaimedUntil);
}
