using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Sla;
using Microsoft.Extensions.DependencyInjection;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Features.Cases;

public sealed class CreateCaseTests : IAsyncLifetime
{
    private CaseTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await CaseTestKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task Intake_RecordsTheClaimAndTheCustomersContact_AndStartsTheCasesWorkflow()
    {
        var created = await _kit.FileAsync(CaseTestKit.Complaint(email: "li.wei@example.com", channel: "email"));

        var details = await _kit.Details.HandleAsync(created.Id);
        Assert.Equal(("CF-2026-000001", CaseType.Complaint, CaseChannel.Email, CaseStatus.New), (details.Case.Number, details.Case.Type, details.Case.Channel, details.Case.Status));
        Assert.Equal("The kettle stopped working after two days.", details.Case.Description);
        Assert.Equal(("Li Wei", "+86 138 0000 0001", "li.wei@example.com"), (details.Case.Customer!.Name, details.Case.Customer.Phone, details.Case.Customer.Email));
        var instance = await _kit.Db.Store.FindAsync(details.Case.WorkflowInstanceId!);
        Assert.Equal((created.Id, WorkflowSubStatus.Suspended), (instance!.Snapshot.State.CorrelationId, instance.Snapshot.State.SubStatus));
        var task = Assert.Single(details.Tasks);
        Assert.Equal(("Classify CF-2026-000001", "Agent", CaseTaskStatus.Open), (task.Title, task.CandidateRole, task.Status));
        Assert.Contains(details.Timeline, t => t.Title == "Complaint received by email");
        Assert.Contains(details.Timeline, t => t.Title == "Task created: Classify CF-2026-000001");
    }

    // The number carries the year of intake on the service's wall clock: 2026-12-31 16:30 UTC is already
    // 2027-01-01 00:30 in Shanghai.
    [Fact]
    public async Task Intake_NumbersByTheYearInTheCalendarsTimeZone_NotUtc()
    {
        await using var shanghai = await CaseTestKit.CreateAsync(services: s => s.Configure<BusinessCalendarOptions>(o => o.TimeZone = "Asia/Shanghai"));
        var clock = shanghai.Db.Clock;
        clock.Advance(new DateTimeOffset(2026, 12, 31, 15, 30, 0, TimeSpan.Zero) - clock.GetUtcNow());
        var lastOfTheYear = await shanghai.Intake.HandleAsync(CaseTestKit.Complaint());
        clock.Advance(TimeSpan.FromHours(1));

        var firstOfTheYear = await shanghai.Intake.HandleAsync(CaseTestKit.Complaint(name: "Zhang Min", phone: "+86 139 0000 0002"));

        Assert.Equal(("CF-2026-000001", "CF-2027-000001"), (lastOfTheYear.Number, firstOfTheYear.Number));
        Assert.Equal(2026, firstOfTheYear.CreatedAt.UtcDateTime.Year);
    }

    [Fact]
    public async Task Intake_NumbersCasesInSequencePerYear()
    {
        var first = await _kit.Intake.HandleAsync(CaseTestKit.Complaint());
        var second = await _kit.Intake.HandleAsync(CaseTestKit.Complaint(name: "Zhang Min", phone: "+86 139 0000 0002"));
        _kit.Db.Clock.Advance(TimeSpan.FromDays(366));
        var nextYear = await _kit.Intake.HandleAsync(CaseTestKit.Complaint());

        Assert.Equal(["CF-2026-000001", "CF-2026-000002", "CF-2027-000001"], new[] { first.Number, second.Number, nextYear.Number });
    }

    [Fact]
    public async Task Intake_RefusesACaseWithoutNameOrContactDetails_NamingEachField()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _kit.Intake.HandleAsync(
            new CreateCase("grievance", "fax", new CustomerInput(" ", null, "not-an-email", null), "", "colour", null, CaseTestKit.Agent)));

        Assert.Equal(["channel", "customer.email", "customer.name", "description", "type"], ex.Errors.Keys.Order());
        await using var db = _kit.Db.CreateDbContext();
        Assert.Empty(await db.Cases.ToListAsync());
    }

    [Fact]
    public async Task Intake_RefusesACategoryOutsideTheFiveComplaintCategories()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _kit.Intake.HandleAsync(CaseTestKit.Complaint() with { Category = "colour" }));

        Assert.Contains("product-quality, service-attitude, service-process, price, other", ex.Errors["category"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_FindsAReturningCustomerByPhone()
    {
        var first = await _kit.Intake.HandleAsync(CaseTestKit.Complaint());
        var second = await _kit.Intake.HandleAsync(CaseTestKit.Complaint(email: "li.wei@example.com"));

        Assert.Equal(first.CustomerId, second.CustomerId);
        await using var db = _kit.Db.CreateDbContext();
        Assert.Equal("li.wei@example.com", (await db.Customers.SingleAsync()).Email);
    }

    [Fact]
    public async Task C15_Intake_RecordsTheChannel_ForPhoneEmailAndOnline()
    {
        foreach (var channel in new[] { "phone", "email", "online" })
        {
            var created = await _kit.Intake.HandleAsync(CaseTestKit.Complaint(channel: channel));
            Assert.Equal(channel, (await _kit.ReloadAsync(created.Id)).Channel.ToString().ToLowerInvariant());
        }
    }

    [Fact]
    public async Task Intake_StartsTheWorkflowOfACaseFiledBeforeACrash_Once()
    {
        var created = await _kit.Intake.HandleAsync(CaseTestKit.Complaint());
        await using (var db = _kit.Db.CreateDbContext())
        {
            // The crash: the case row committed, its workflow never started.
            await db.WorkflowInstances.Where(i => i.Id == created.WorkflowInstanceId).ExecuteDeleteAsync();
        }

        Assert.Equal(1, await _kit.Intake.StartMissingWorkflowsAsync());
        Assert.Equal(0, await _kit.Intake.StartMissingWorkflowsAsync());
        await _kit.Db.DrainAsync();
        Assert.NotNull(await _kit.Db.Store.FindAsync(created.WorkflowInstanceId!));
    }

    [Fact]
    public async Task S5_Transfer_RecordsWhoWhenAndWhy_TellsTheCustomer_MovesTheOwnersTasks_AndKeepsItOnTheTimeline()
    {
        var created = await _kit.FileAsync();
        await _kit.CompleteAsync(created.Id, "classify", "Classified", CaseTestKit.Agent, new() { ["category"] = "price" });
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(5));

        var transfer = await _kit.Cases.TransferAsync(new TransferCase(created.Id, "agent2", "Billing specialist", CaseTestKit.Agent));

        Assert.Equal(("agent", "agent2", "agent", "Billing specialist"), (transfer.FromOwner, transfer.ToOwner, transfer.TransferredBy, transfer.Reason));
        var details = await _kit.Details.HandleAsync(created.Number);
        Assert.Equal("agent2", details.Case.Owner);
        Assert.Equal("agent2", details.Tasks.Single(t => t.ActivityId == "handle").Assignee);
        Assert.Contains(details.Timeline, t => t.Kind == "Transfer" && t.Title == "Transferred from agent to agent2" && t.Detail == "Billing specialist" && t.At == transfer.At);
        await using var db = _kit.Db.CreateDbContext();
        var told = await db.Notifications.SingleAsync(n => n.IdempotencyKey == "transfer:" + transfer.Id);
        Assert.Equal((RecipientKind.Customer, "sms", NotificationStatus.Sent), (told.RecipientKind, told.Channel, told.Status));
        Assert.Contains("Billing specialist", told.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_IsRefused_ForAnAgentWhoIsNotTheOwner_AsNotFoundOnceTheyMayNotSeeTheCase_AndWithoutAReason()
    {
        var created = await _kit.FileAsync();

        // While classify is open to every agent, agent2 sees the case without owning it.
        await Assert.ThrowsAsync<ForbiddenException>(() => _kit.Cases.TransferAsync(new TransferCase(created.Id, "agent2", "mine now", CaseTestKit.Agent2)));
        await _kit.CompleteAsync(created.Id, "classify", "Classified", CaseTestKit.Agent, new() { ["category"] = "price" });
        await Assert.ThrowsAsync<NotFoundException>(() => _kit.Cases.TransferAsync(new TransferCase(created.Id, "agent2", "mine now", CaseTestKit.Agent2)));
        var missing = await Assert.ThrowsAsync<ValidationException>(() => _kit.Cases.TransferAsync(new TransferCase(created.Id, "agent2", " ", CaseTestKit.Agent)));
        Assert.Equal(["reason"], missing.Errors.Keys);
    }

    [Fact]
    public async Task Transfer_ToSomeoneWhoDoesNotExist_IsLockedOut_OrWorksNoCases_IsRefusedNamingToOwner_AndTheCaseStaysWithItsOwner()
    {
        var created = await _kit.FileAsync();
        await _kit.CompleteAsync(created.Id, "classify", "Classified", CaseTestKit.Agent, new() { ["category"] = "price" });
        await _kit.AddUserAsync("designer-only", ["ProcessOwner"]);
        await _kit.AddUserAsync("away", ["Agent"], lockedOutUntil: _kit.Db.Clock.GetUtcNow().AddDays(1));

        foreach (var (to, said) in new[] { ("nobody", "There is no user 'nobody'."), ("designer-only", "designer-only does not work cases"), ("away", "away is locked out") })
        {
            var refused = await Assert.ThrowsAsync<ValidationException>(() => _kit.Cases.TransferAsync(new TransferCase(created.Id, to, "Going on leave", CaseTestKit.Agent)));
            Assert.Equal(["toOwner"], refused.Errors.Keys);
            Assert.StartsWith(said, refused.Errors["toOwner"][0], StringComparison.Ordinal);
        }

        // A name typed in another case is the user's own spelling once transferred.
        var transfer = await _kit.Cases.TransferAsync(new TransferCase(created.Id, "AGENT2", "Billing specialist", CaseTestKit.Agent));
        Assert.Equal("agent2", transfer.ToOwner);
        Assert.Equal("agent2", (await _kit.Details.HandleAsync(created.Id)).Case.Owner);
    }

    [Fact]
    public async Task Notes_AreKeptOnTheCaseAndItsTimeline()
    {
        var created = await _kit.FileAsync();

        await _kit.Cases.AddNoteAsync(new AddNote(created.Id, "Customer prefers a call after 18:00.", CaseTestKit.Agent));

        var details = await _kit.Details.HandleAsync(created.Id);
        Assert.Equal("Customer prefers a call after 18:00.", Assert.Single(details.Notes).Text);
        Assert.Contains(details.Timeline, t => t.Kind == "Note" && t.Actor == "agent");
    }
}
