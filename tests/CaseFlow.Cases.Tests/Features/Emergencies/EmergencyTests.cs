using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Features.Kpis;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Features.Emergencies;

public sealed class EmergencyTests : IAsyncLifetime
{
    private EmergencyTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await EmergencyTestKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task RaisingAnEmergency_OpensItAtTheWarningStage_WithTheSuggestedLevel_AndStartsItsWorkflowWithTheReportersChain()
    {
        var occurred = _kit.Db.Clock.GetUtcNow().AddMinutes(-10);

        var (raised, emergency) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure(occurredAt: occurred));

        Assert.Equal((CaseType.Emergency, CaseChannel.Internal, (string?)null, CasePriority.Urgent), (raised.Type, raised.Channel, raised.CustomerId, raised.Priority));
        Assert.Equal((EmergencyStage.Warning, ResponseLevel.I, (ResponseLevel?)null, false), (emergency.Stage, emergency.SuggestedLevel.GetValueOrDefault(), emergency.Level, emergency.Red));
        Assert.Equal(occurred, emergency.OccurredAt);
        Assert.Equal("zhang-wei", emergency.ReporterPersonId);
        var instance = (await _kit.Db.Store.FindAsync(raised.WorkflowInstanceId!))?.Snapshot.State;
        Assert.NotNull(instance);
        Assert.Equal("system-failure", instance.Input["eventType"]?.ToString());
        Assert.Equal("I", instance.Input["suggestedLevel"]?.ToString());

        // E1: the report goes to the reporter's department head, then to the general manager.
        Assert.Equal(("head", "gm"), (instance.Input["departmentHead"]?.ToString(), instance.Input["generalManager"]?.ToString()));
        await using var db = _kit.Db.CreateDbContext();
        Assert.Contains(await db.Timeline.Where(t => t.CaseId == raised.Id).Select(t => t.Title).ToListAsync(), t => t.StartsWith("Emergency reported: system-failure (suggested level I)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("data-leak")]
    [InlineData("system-paralysis")]
    public async Task ADataLeakOrSystemParalysis_IsRed_AndUrgent(string eventType)
    {
        var (raised, emergency) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure(eventType));

        Assert.True(emergency.Red);
        Assert.Equal(CasePriority.Urgent, raised.Priority);
    }

    [Fact]
    public async Task AnEmployeeIllness_SuggestsLevelFour_AndIsNotRed()
    {
        var (_, emergency) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure("employee-illness"));

        Assert.Equal((ResponseLevel.IV, false), (emergency.SuggestedLevel.GetValueOrDefault(), emergency.Red));
    }

    [Fact]
    public async Task ABadReport_NamesEveryField_AndOpensNothing()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => _kit.Raise.HandleAsync(
            new RaiseEmergency("meteor", " ", _kit.Db.Clock.GetUtcNow().AddHours(1), null, null, EmergencyTestKit.Agent)));
        var departments = await Assert.ThrowsAsync<ValidationException>(() => _kit.Raise.HandleAsync(
            new RaiseEmergency("system-failure", "Down", null, null, ["no-such-department"], EmergencyTestKit.Agent)));

        Assert.Equal(["description", "eventType", "occurredAt"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["departments"], departments.Errors.Keys);
        await using var db = _kit.Db.CreateDbContext();
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task WithoutAPublishedEmergencyWorkflow_RaisingIsAConflict_AndOpensNothing()
    {
        await using var kit = await EmergencyTestKit.CreateAsync(publishWorkflow: false);

        await Assert.ThrowsAsync<ConflictException>(() => kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure()));

        await using var db = kit.Db.CreateDbContext();
        Assert.Equal(0, await db.Emergencies.CountAsync());
    }

    [Fact]
    public async Task E9_AnInformationReport_CannotBeSubmittedWithoutEventType_OccurrenceTime_Departments_Scope_Cause_Measures_AndFollowUp()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());

        var error = await Assert.ThrowsAsync<ValidationException>(() => _kit.Reports.HandleAsync(
            new SubmitInformationReport(raised.Id, null, null, [], " ", null, "", null, null, "written", [new RecipientInput("leadership", "GM")], EmergencyTestKit.Agent)));

        Assert.Equal(["cause", "departments", "eventType", "followUp", "measures", "occurredAt", "scope"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task E9_AReportIsMarkedWrittenOrOral_AndNamesItsRecipients()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());

        var oral = await _kit.Reports.HandleAsync(EmergencyTestKit.Report(raised.Id, raised.CreatedAt) with { Form = "oral" });
        var error = await Assert.ThrowsAsync<ValidationException>(() => _kit.Reports.HandleAsync(
            EmergencyTestKit.Report(raised.Id, raised.CreatedAt) with { Form = "telepathic", Recipients = [new RecipientInput("press", "Daily News")] }));

        Assert.Equal(ReportForm.Oral, oral.Form);
        Assert.Equal([ReportRecipientKind.Leadership, ReportRecipientKind.InternalDepartment], oral.Recipients.Select(r => r.Kind));
        Assert.Equal(["form", "recipients[0].kind"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task E10_AReport_IsDeliveredToEachOfItsRecipients_InternalLeadershipAssociatedAndPartners_Once()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());

        var report = await _kit.Reports.HandleAsync(EmergencyTestKit.Report(raised.Id, raised.CreatedAt) with
        {
            Recipients = [new("internalDepartment", "tech-support"), new("leadership", "General manager"), new("associatedDepartment", "legal"), new("partner", "Telephony carrier"), new("regulator", "Consumer association")],
        });

        await using var db = _kit.Db.CreateDbContext();
        var sent = await db.Notifications.AsNoTracking().Where(n => n.CaseId == raised.Id).OrderBy(n => n.IdempotencyKey).ToListAsync();
        Assert.Equal(
            [(RecipientKind.Department, "tech-support"), (RecipientKind.Department, "management (General manager)"), (RecipientKind.Department, "legal"), (RecipientKind.External, "Telephony carrier"), (RecipientKind.External, "Consumer association")],
            sent.Select(n => (n.RecipientKind, n.Recipient)));
        Assert.All(sent, n =>
        {
            Assert.StartsWith($"Information report 1 on emergency {raised.Number}", n.Subject, StringComparison.Ordinal);
            Assert.Contains("Cause: " + report.Cause, n.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task E11_AFollowUpAppendsToTheReportHistory_AndNoReportCanBeRewrittenOrRemoved()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());
        await _kit.Reports.HandleAsync(EmergencyTestKit.Report(raised.Id, raised.CreatedAt, cause: "Unknown yet."));
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(30));

        var second = await _kit.Reports.HandleAsync(EmergencyTestKit.Report(raised.Id, raised.CreatedAt, cause: "A failed update of the call router."));

        Assert.Equal(2, second.Sequence);
        await using var db = _kit.Db.CreateDbContext();
        Assert.Equal(["Unknown yet.", "A failed update of the call router."], await db.InformationReports.Where(r => r.CaseId == raised.Id).OrderBy(r => r.Sequence).Select(r => r.Cause).ToListAsync());

        // Not even the database's own users may change history.
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"InformationReports\" SET \"Cause\" = 'rewritten'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"InformationReports\""));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal(2, await db.InformationReports.CountAsync());
    }

    [Fact]
    public async Task AReport_OnAnUnknownEmergency_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _kit.Reports.HandleAsync(EmergencyTestKit.Report("no-such-case", _kit.Db.Clock.GetUtcNow())));
    }

    [Fact]
    public async Task AnEmergencyWhoseWorkflowDidNotStart_IsStartedByTheRecovery_WithItsEventInTheInput()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure("data-leak"));
        // A crash between the case's commit and the workflow's start: the instance is not there.
        await using (var db = _kit.Db.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"Bookmarks\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"WorkflowInstances\"");
        }

        var started = await _kit.Db.Get<CreateCaseHandler>().StartMissingWorkflowsAsync();

        Assert.Equal(1, started);
        var instance = (await _kit.Db.Store.FindAsync(raised.WorkflowInstanceId!))?.Snapshot.State;
        Assert.NotNull(instance);
        Assert.Equal("data-leak", instance.Input["eventType"]?.ToString());
        Assert.Equal(true, instance.Input["red"]);
    }

    [Fact]
    public async Task E8_TheResponseDeadline_RunsFromTheOccurrence_NotFromTheReport()
    {
        await using var kit = await EmergencyTestKit.CreateAsync(workflow: EmergencyTestKit.ResponseDeadline());
        var occurred = kit.Db.Clock.GetUtcNow().AddMinutes(-10);

        var (raised, _) = await kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure(occurredAt: occurred));

        var waiting = (await kit.Db.Store.FindAsync(raised.WorkflowInstanceId!))!.Snapshot.State;
        Assert.Equal(occurred.AddMinutes(15), Assert.Single(waiting.Bookmarks).DueAt);

        // Reported 10 minutes after it happened: 5 minutes later the 15 have passed.
        kit.Db.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await kit.Db.Runtime.FireDueTimersAsync();
        await kit.Db.DrainAsync();
        await using var db = kit.Db.CreateDbContext();
        Assert.Contains(await db.Timeline.Where(t => t.CaseId == raised.Id).Select(t => t.Title).ToListAsync(), t => t == "Response deadline missed");
        Assert.Equal(SlaClockStatus.Breached, (await db.SlaClocks.SingleAsync(c => c.CaseId == raised.Id)).Status);
    }

    [Fact]
    public async Task TheCaseIntake_RefusesAnEmergency_AndTheInternalChannel_NamingEach()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => _kit.Db.Get<CreateCaseHandler>().HandleAsync(
            new CreateCase("emergency", "internal", new CustomerInput("Li Na", "+86 139 0000 0000", null, null), "Everything is down.", null, null, EmergencyTestKit.Agent)));

        Assert.Equal(["channel", "type"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Emergencies_AreNotCustomerCases_InTheKpis()
    {
        var before = await _kit.Db.Get<KpiQuery>().RunAsync();

        await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());

        var after = await _kit.Db.Get<KpiQuery>().RunAsync();
        Assert.Equal(before.Volume.Total, after.Volume.Total);
        Assert.DoesNotContain(after.Volume.ByType, t => t.Key == nameof(CaseType.Emergency));
        Assert.DoesNotContain(after.Volume.ByChannel, c => c.Key == nameof(CaseChannel.Internal));
        Assert.Equal(before.Backlog.OpenCases, after.Backlog.OpenCases);
    }
}
