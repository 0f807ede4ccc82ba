using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Notifications;

public sealed class NotifyActivityTests : IAsyncLifetime
{
    private readonly RecordingChannel _email = new("email");
    private NotificationsKit _kit = null!;

    public async Task InitializeAsync() => _kit = await NotificationsKit.CreateAsync(configure: s => s.AddSingleton<INotificationChannel>(_email));

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task Notify_SendsTheRenderedMessageToTheCustomer_AndTheCaseShowsItInItsLogAndTimeline()
    {
        var created = await _kit.FileAsync();

        var message = Assert.Single(await _kit.Notifications.ForCaseAsync(created.Id));
        Assert.Equal((NotificationStatus.Sent, RecipientKind.Customer, "Li Wei", "email", NotificationsKit.Email), (message.Status, message.RecipientKind, message.Recipient, message.Channel, message.Address));
        Assert.Equal("Your complaint CF-2026-000001", message.Subject);
        Assert.Equal("Dear Li Wei, we have received your complaint CF-2026-000001 and will call you back.", message.Body);
        Assert.Equal((1, _kit.Clock.GetUtcNow(), created.WorkflowInstanceId), (message.Attempts, message.SentAt, message.WorkflowInstanceId));
        Assert.Equal(message.Body, Assert.Single(_email.Sent).Body);
        var details = await _kit.Get<GetCaseHandler>().HandleAsync(created.Id, CaseTestKit.Supervisor);
        Assert.Contains(details!.Timeline, t => t.Title == "Email sent to Li Wei: Your complaint CF-2026-000001" && t.Detail == message.Body);
        Assert.Equal("message:" + message.Id, Assert.Single(await _kit.MessageTimelineAsync(created.Id)).SourceId);
    }

    [Fact]
    public async Task Notify_DoesNotHoldTheWorkflowUp_ItGoesOnBeforeTheMessageIsSent()
    {
        var created = await _kit.IntakeAsync();

        Assert.Empty(_email.Sent);
        var journal = await _kit.Get<IWorkflowInstanceStore>().GetJournalAsync(created.WorkflowInstanceId!, 0, 100);
        Assert.Contains(journal, r => r.ActivityId == "acknowledge" && r.EventName == "Completed");
        Assert.Contains(journal, r => r.ActivityId == "classify" && r.EventName == "Started");
    }

    [Fact]
    public async Task Notify_WhoseSendFails_StaysPendingForTheSweep_AndDoesNotHoldUpTheInstancesLaterMessages()
    {
        _email.FailTimes(1);

        // The burst writes the Notify and then the classify task's message: delivered in order, the task comes second.
        var created = await _kit.FileAsync();

        await using (var db = _kit.CreateDbContext())
        {
            Assert.Single(await db.CaseTasks.Where(t => t.CaseId == created.Id && t.ActivityId == "classify").ToListAsync());
            Assert.DoesNotContain(await db.OutboxMessages.Where(o => o.InstanceId == created.WorkflowInstanceId).ToListAsync(), o => o.DispatchedAt == null);
        }

        var pending = Assert.Single(await _kit.Notifications.ForCaseAsync(created.Id));
        Assert.Equal((NotificationStatus.Pending, 1, "mail server unavailable"), (pending.Status, pending.Attempts, pending.LastError));

        await _kit.Notifications.DeliverPendingAsync();

        Assert.Equal(NotificationStatus.Sent, (await _kit.ReloadAsync(pending.Id)).Status);
        Assert.Single(_email.Sent);
    }

    [Fact]
    public async Task Notify_SendsOnce_WhenItsOutboxMessageIsDeliveredAgain()
    {
        var created = await _kit.FileAsync();
        var outboxId = await _kit.ForgetDispatchOfAsync(CaseOutboxKinds.Notify);

        await _kit.Runtime.DispatchAsync(outboxId);

        Assert.Single(await _kit.Notifications.ForCaseAsync(created.Id));
        Assert.Single(_email.Sent);
        Assert.Single(await _kit.MessageTimelineAsync(created.Id));
    }

    [Fact]
    public async Task Notify_SendsOnce_WhenItsOutboxMessageIsDeliveredTwiceAtOnce()
    {
        _email.Delay = TimeSpan.FromMilliseconds(200);
        var created = await _kit.IntakeAsync();
        string outboxId;
        await using (var db = _kit.CreateDbContext())
            outboxId = (await db.OutboxMessages.SingleAsync(o => o.Kind == CaseOutboxKinds.Notify)).Id;

        await Task.WhenAll(Task.Run(() => _kit.Runtime.DispatchAsync(outboxId)), Task.Run(() => _kit.Runtime.DispatchAsync(outboxId)));

        var message = Assert.Single(await _kit.Notifications.ForCaseAsync(created.Id));
        Assert.Equal((NotificationStatus.Sent, 1), (message.Status, message.Attempts));
        Assert.Single(_email.Sent);
        Assert.Equal(1, _email.Calls);
        Assert.Single(await _kit.MessageTimelineAsync(created.Id));
    }

    [Fact]
    public async Task Notify_KeysItsMessageByTheInstanceAndTheActivityRun_WhenNoKeyIsGiven()
    {
        await using var kit = await NotificationsKit.CreateAsync(NotifyWorkflows.Chain(
            NotifyWorkflows.Notify("first", "One"),
            NotifyWorkflows.Notify("second", "One")));
        var created = await kit.FileAsync();

        var journal = await kit.Get<IWorkflowInstanceStore>().GetJournalAsync(created.WorkflowInstanceId!, 0, 100);
        var expected = new[] { "first", "second" }
            .Select(id => Notify.DefaultKey(created.WorkflowInstanceId!, journal.First(r => r.ActivityId == id).ActivityInstanceId));
        Assert.Equal(expected, (await kit.Notifications.ForCaseAsync(created.Id)).Select(m => m.IdempotencyKey));
    }

    [Fact]
    public async Task Notify_SendsOnce_WhenTwoActivitiesShareAnExplicitKey()
    {
        await using var kit = await NotificationsKit.CreateAsync(NotifyWorkflows.Chain(
            NotifyWorkflows.Notify("first", "We are on it.", idempotencyKey: "{{ Input.caseId }}:acknowledged"),
            NotifyWorkflows.Notify("again", "We are on it, really.", idempotencyKey: "{{ Input.caseId }}:acknowledged")));
        var created = await kit.FileAsync();

        var message = Assert.Single(await kit.Notifications.ForCaseAsync(created.Id));
        Assert.Equal((created.Id + ":acknowledged", "We are on it."), (message.IdempotencyKey, message.Body));
    }

    [Fact]
    public async Task Notify_ToARole_IsKeptInTheMessageLog_AndTheTimelineSaysSo()
    {
        await using var kit = await NotificationsKit.CreateAsync(NotifyWorkflows.Chain(
            NotifyWorkflows.Notify("tellSupervisor", "{{ Input.caseNumber }} needs a look.", subject: "Escalation", recipientKind: "Role", recipient: "Supervisor")));
        var created = await kit.FileAsync();

        var message = Assert.Single(await kit.Notifications.ForCaseAsync(created.Id));
        Assert.Equal((RecipientKind.Role, "Supervisor", "log", (string?)null, NotificationStatus.Sent), (message.RecipientKind, message.Recipient, message.Channel, message.Address, message.Status));
        Assert.Equal("Message logged for Supervisor: Escalation", Assert.Single(await kit.MessageTimelineAsync(created.Id)).Title);
    }

    [Fact]
    public async Task Notify_WithAnUnknownChannel_IsAnIncident_AndSendsNothing()
    {
        // A literal 'pigeon' is refused at publishing (the channel's options); one computed at run time is caught here.
        var notify = NotifyWorkflows.Notify("pigeon", "Coo.");
        notify["channel"] = new System.Text.Json.Nodes.JsonObject
        {
            ["typeName"] = "String",
            ["expression"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "JavaScript", ["value"] = "'pig' + 'eon'" },
        };
        await using var kit = await NotificationsKit.CreateAsync(NotifyWorkflows.Chain(notify));
        var created = await kit.FileAsync();

        var instance = (await kit.Get<IWorkflowInstanceStore>().FindAsync(created.WorkflowInstanceId!))!.Snapshot.State;
        Assert.Contains(instance.Incidents, i => i.ActivityId == "pigeon" && i.Message.Contains("'pigeon' is not a channel", StringComparison.Ordinal));
        Assert.Empty(await kit.Notifications.ForCaseAsync(created.Id));
    }
}
