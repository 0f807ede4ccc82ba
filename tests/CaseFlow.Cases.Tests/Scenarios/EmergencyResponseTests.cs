using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>
/// Behaviours E1–E8 and E12–E20 of the domain digest on <c>workflows/emergency-response.json</c> and its child
/// <c>workflows/recovery-plan.json</c>, driven through the use cases with a controllable clock. (E9–E11, the
/// information reports themselves, are covered with the use case: EmergencyTests.)
/// </summary>
public sealed class EmergencyResponseTests : IAsyncLifetime
{
    private static readonly Actor Agent = ScenarioKit.Agent;
    private static readonly Actor Head = Actor.Of("head", CaseRoles.Supervisor, CaseRoles.Manager);
    private static readonly Actor Gm = Actor.Of("gm", CaseRoles.Manager);
    private static readonly Actor Supervisor = ScenarioKit.Supervisor;
    private static readonly Actor Manager = Actor.Of("manager", CaseRoles.Manager);

    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync(withOrganisation: true);

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task E1_AnEmployeesReport_GoesToTheirDepartmentHead_WhoForwardsItToTheGeneralManager()
    {
        var e = await RaiseAsync();

        var toHead = Assert.Single(await _kit.OpenTasksAsync(e.Id));
        Assert.Equal(("headReview", "head"), (toHead.ActivityId, toHead.Assignee));
        await Assert.ThrowsAsync<ForbiddenException>(() => _kit.CompleteAsync(e.Id, "headReview", "Forward", Agent, new() { ["headNote"] = "Seen it." }));

        await _kit.CompleteAsync(e.Id, "headReview", "Forward", Head, new() { ["headNote"] = "All inbound lines down since 09:00." });

        var toGm = Assert.Single(await _kit.OpenTasksAsync(e.Id));
        Assert.Equal(("assess", "gm"), (toGm.ActivityId, toGm.Assignee));
        Assert.Contains("All inbound lines down since 09:00.", toGm.Instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task E1_AFalseAlarm_IsClosedByTheDepartmentHead_AndEveryDeadlineStops()
    {
        var e = await RaiseAsync();

        await _kit.CompleteAsync(e.Id, "headReview", "FalseAlarm", Head, new() { ["headNote"] = "A test call, not an outage." });

        Assert.Equal(EmergencyStage.Closed, (await EmergencyAsync(e.Id)).Stage);
        Assert.Equal(CaseStatus.Closed, (await _kit.CaseAsync(e.Id)).Status);
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(e)).SubStatus);
        Assert.All(await _kit.SlasAsync(e.Id), s => Assert.NotEqual(SlaClockStatus.Running, s.Status));
    }

    [Fact]
    public async Task E2_TheGeneralManagersAssessment_MustSetExactlyOneLevelFromOneToFour_BeforeThePlanIsActivated()
    {
        var e = await RaiseAsync();
        await ForwardAsync(e);

        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["assessment"] = "Outage." }));
        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "I, II", ["assessment"] = "Outage." }));
        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "V", ["assessment"] = "Outage." }));
        Assert.Null((await EmergencyAsync(e.Id)).Level);

        await _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "II", ["assessment"] = "Half the lines are down." });

        Assert.Equal(ResponseLevel.II, (await EmergencyAsync(e.Id)).Level);
    }

    [Fact]
    public async Task E2_AGeneralManagerCallingAFalseAlarm_NeedsNoLevel_AndTheEmergencyCloses()
    {
        var e = await RaiseAsync();
        await ForwardAsync(e);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["assessment"] = "Outage." }));
        Assert.Equal("Response level is required to Activate.", refused.Errors["data.level"].Single());
        await _kit.CompleteAsync(e.Id, "assess", "FalseAlarm", Gm, new() { ["assessment"] = "A test call from the carrier." });

        var emergency = await EmergencyAsync(e.Id);
        Assert.Equal((EmergencyStage.Closed, (ResponseLevel?)null), (emergency.Stage, emergency.Level));
    }

    [Fact]
    public async Task E3_Activation_StartsTheLevelsPlan_FormsTheCommand_AndNotifiesThePeopleWhoRespond()
    {
        var e = await RaiseAsync();
        await ForwardAsync(e);

        await _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "I", ["commsLead"] = "manager", ["techLead"] = "nobody-known", ["assessment"] = "Every line is down." });

        var emergency = await EmergencyAsync(e.Id);
        Assert.Equal((EmergencyStage.Activation, ResponseLevel.I), (emergency.Stage, emergency.Level));
        await using var db = _kit.Db.CreateDbContext();
        var command = await db.CommandRoles.AsNoTracking().Where(r => r.CaseId == e.Id).ToDictionaryAsync(r => r.Role, r => r.PersonId);
        Assert.Equal("zhou-min", command["commander"]);
        Assert.Equal("wang-fang", command["commsLead"]);
        Assert.DoesNotContain("techLead", command.Keys);
        var notice = Assert.Single(await _kit.MessagesAsync(e.Id), m => m.Subject!.StartsWith("Emergency plan activated", StringComparison.Ordinal));
        Assert.Equal((RecipientKind.Department, "customer-service"), (notice.RecipientKind, notice.Recipient));
        Assert.Contains(await _kit.OpenTasksAsync(e.Id), t => t.ActivityId == "initialAssessment");
    }

    [Fact]
    public async Task E4_LevelOne_CreatesSystemRecoveryDataBackupCustomerProgressAndCompensation_AndNotifiesTheTechDepartment()
    {
        var e = await ActivateAsync("I");

        Assert.Equal(["backupData", "compensateCustomers", "customerProgressI", "recoverSystems"], await MeasureTasksAsync(e));
        Assert.Contains(await _kit.MessagesAsync(e.Id), m => (m.RecipientKind, m.Recipient) == (RecipientKind.Department, "tech-support"));
    }

    [Fact]
    public async Task E5_LevelTwo_CreatesPartialRecoveryProcessAdjustmentAndCustomerExplanation_NotifiesTheTechDepartment_AndNoCompensation()
    {
        var e = await ActivateAsync("II");

        Assert.Equal(["adjustProcess", "explainToCustomers", "partialRecovery"], await MeasureTasksAsync(e));
        Assert.Contains(await _kit.MessagesAsync(e.Id), m => (m.RecipientKind, m.Recipient) == (RecipientKind.Department, "tech-support"));
    }

    [Fact]
    public async Task E6_LevelThree_CreatesTheBusinessProblemAgentTrainingAndComplaintTasks()
    {
        var e = await ActivateAsync("III");

        Assert.Equal(["agentTraining", "handleComplaints", "solveBusinessProblem"], await MeasureTasksAsync(e));
        Assert.DoesNotContain(await _kit.MessagesAsync(e.Id), m => m.Recipient == "tech-support");
    }

    [Fact]
    public async Task E7_LevelFour_CreatesTheDailyEmergencyEmployeeCareAndEquipmentRepairTasks()
    {
        var e = await ActivateAsync("IV");

        Assert.Equal(["employeeCare", "handleDailyEmergency", "repairEquipment"], await MeasureTasksAsync(e));
    }

    [Fact]
    public async Task E8_EveryDeadlineMissed_IsBreachedFromTheOccurrence_AndEscalatedToTheGeneralManager()
    {
        var e = await RaiseAsync(occurredMinutesAgo: 5);

        // Nobody acts: 15 min, 1 h, 2 h and 4 h after the occurrence (not after the report) each deadline breaches.
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(11));
        Assert.Equal(["emergency.response"], await BreachedAsync(e));
        await _kit.AdvanceAsync(TimeSpan.FromHours(4));

        Assert.Equal(["emergency.assessment", "emergency.firstNotice", "emergency.plan", "emergency.response"], await BreachedAsync(e));
        var escalations = (await _kit.MessagesAsync(e.Id)).Where(m => m.Subject!.EndsWith("deadline missed", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, escalations.Count);
        Assert.All(escalations, m => Assert.Equal((RecipientKind.User, "gm"), (m.RecipientKind, m.Recipient)));
    }

    [Fact]
    public async Task E8_DeadlinesMetInTime_AreMet_AndEscalateNothing()
    {
        var e = await RaiseAsync();
        await ForwardAsync(e);
        await _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "III", ["assessment"] = "One business line affected." });
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(20));
        await InitialAssessmentAndPlanAsync(e);
        await FileReportAsync(e);

        var clocks = await _kit.SlasAsync(e.Id);
        Assert.Equal(4, clocks.Count);
        Assert.All(clocks, c => Assert.Equal(SlaClockStatus.Met, c.Status));
        Assert.DoesNotContain(await _kit.MessagesAsync(e.Id), m => m.Subject!.EndsWith("deadline missed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommunicationsCadence_AMissedUpdateEscalates_AndEachReportRestartsTheLevelsInterval()
    {
        var e = await ActivateAsync("I");

        await _kit.AdvanceAsync(TimeSpan.FromMinutes(20));
        await FileReportAsync(e);
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(25));
        Assert.Empty(await OverdueUpdatesAsync(e));

        // The board's countdown: the next update is due 30 min after that report.
        var nextUpdate = (await _kit.Db.Get<GetEmergencyHandler>().HandleAsync(e.Id)).NextUpdateDueAt;
        Assert.Equal(_kit.Db.Clock.GetUtcNow().AddMinutes(5), nextUpdate);

        // Level I: every 30 min. 31 min after the last report without a new one, the GM hears of it; and again.
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Single(await OverdueUpdatesAsync(e));
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(2, (await OverdueUpdatesAsync(e)).Count);
        Assert.All(await OverdueUpdatesAsync(e), m => Assert.Equal("gm", m.Recipient));
    }

    [Fact]
    public async Task CommunicationsCadence_AReportSavedButNeverDeliveredToTheWorkflow_StillCountsAsTheUpdate()
    {
        var e = await ActivateAsync("I");
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(10));

        // A crash between the report's commit and the resume of the waiting cadence: only the row exists.
        await using (var db = _kit.Db.CreateDbContext())
        {
            db.InformationReports.Add(new InformationReport
            {
                CaseId = e.Id, Sequence = 1, EventType = "system-failure", OccurredAt = _kit.Db.Clock.GetUtcNow(), Departments = ["tech-support"],
                Scope = "All calls", Cause = "Router", Measures = "Diverted", FollowUp = "Next at 10:30", Form = ReportForm.Oral,
                Recipients = [new ReportRecipient(ReportRecipientKind.Leadership, "GM")], SubmittedBy = "agent", SubmittedAt = _kit.Db.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        await _kit.AdvanceAsync(TimeSpan.FromMinutes(21));
        Assert.Empty(await OverdueUpdatesAsync(e));
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(31));
        Assert.Single(await OverdueUpdatesAsync(e));
    }

    [Fact]
    public async Task CommunicationsCadence_IsTheLevelsInterval_LevelFourDaily()
    {
        var e = await ActivateAsync("IV");

        await _kit.AdvanceAsync(TimeSpan.FromHours(23));
        Assert.Empty(await OverdueUpdatesAsync(e));
        await _kit.AdvanceAsync(TimeSpan.FromHours(1.1));
        Assert.Single(await OverdueUpdatesAsync(e));
    }

    [Fact]
    public async Task E12_ARedLevelEmergency_RequiresAManagementTask()
    {
        var e = await ActivateAsync("I", eventType: "data-leak");

        var intervention = Assert.Single(await _kit.OpenTasksAsync(e.Id), t => t.ActivityId == "managementIntervention");
        Assert.Equal(("management", "gm", CasePriority.Urgent), (intervention.Department, intervention.Assignee, intervention.Priority));
        Assert.True((await EmergencyAsync(e.Id)).Red);
    }

    [Fact]
    public async Task E12_AnEmergencyThatIsNotRed_HasNoManagementTask()
    {
        var e = await ActivateAsync("I");

        Assert.DoesNotContain(await _kit.OpenTasksAsync(e.Id), t => t.ActivityId == "managementIntervention");
    }

    [Fact]
    public async Task E13_TheHandlingPlan_CanCallInTheBackupTeamAndStaffReservePool()
    {
        var e = await ActivateAsync("II");

        await InitialAssessmentAndPlanAsync(e, callReserve: true);

        var open = (await _kit.OpenTasksAsync(e.Id)).Select(t => t.ActivityId).ToList();
        Assert.Contains("activateReserve", open);
        Assert.Contains("staffDispatch", open);
        Assert.Contains("techSupport", open);
        Assert.Contains("businessAdjustment", open);
        Assert.Contains("customerReassurance", open);
        Assert.Equal(EmergencyStage.Handling, (await EmergencyAsync(e.Id)).Stage);
        await _kit.CompleteAsync(e.Id, "activateReserve", "Done", Head, new() { ["reserveCalled"] = "Lin Na and Ma Rui from 14:00." });
        Assert.Contains(await TimelineAsync(e.Id), t => t.Contains("reserve pool called in: Lin Na and Ma Rui", StringComparison.Ordinal));
    }

    [Fact]
    public async Task E13_WithoutTheReservePool_NoReserveTask()
    {
        var e = await ActivateAsync("II");

        await InitialAssessmentAndPlanAsync(e, callReserve: false);

        Assert.DoesNotContain(await _kit.OpenTasksAsync(e.Id), t => t.ActivityId == "activateReserve");
    }

    [Fact]
    public async Task E14_TerminationIsDeclaredByTheCommandOnly_AfterConfirmingAllThreeConditions()
    {
        var e = await ActivateAsync("IV");
        await HandleEverythingAsync(e);
        Assert.Contains(await _kit.OpenTasksAsync(e.Id), t => t.ActivityId == "declareTermination");

        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "declareTermination", "Terminate", Gm, new() { ["controlled"] = true, ["normalOperation"] = true }));
        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "declareTermination", "Terminate", Gm, new() { ["controlled"] = true, ["normalOperation"] = true, ["noFurtherImpact"] = false }));
        await Assert.ThrowsAsync<ForbiddenException>(() => _kit.CompleteAsync(e.Id, "declareTermination", "Terminate", Agent, Confirmed()));
        Assert.Null((await EmergencyAsync(e.Id)).TerminatedAt);

        await _kit.CompleteAsync(e.Id, "declareTermination", "Terminate", Gm, Confirmed());

        var emergency = await EmergencyAsync(e.Id);
        Assert.NotNull(emergency.TerminatedAt);
        Assert.Equal(EmergencyStage.Recovery, emergency.Stage);
    }

    [Fact]
    public async Task E15_AfterTermination_LossAssessmentPrecedesARecoveryPlan_WithGoalsTimeNodesAndOwners()
    {
        var e = await TerminatedAsync();

        Assert.Equal("lossAssessment", Assert.Single(await _kit.OpenTasksAsync(e.Id)).ActivityId);
        await _kit.CompleteAsync(e.Id, "lossAssessment", "Done", Gm, new() { ["personnelLoss"] = "None.", ["equipmentLoss"] = "One router.", ["systemsLoss"] = "Call routing for 3 h." });

        var plan = Assert.Single(await _kit.OpenTasksAsync(e.Id));
        Assert.Equal("recoveryPlan", plan.ActivityId);
        Assert.Equal(["goals", "milestones", "owner", "dueDate"], plan.Form.Where(f => f.Required).Select(f => f.Name));
    }

    [Fact]
    public async Task Q7_ARecoveryPlan_CannotBeSavedWithoutAResponsibleOwnerAndACompletionDate()
    {
        var e = await TerminatedAsync();
        await _kit.CompleteAsync(e.Id, "lossAssessment", "Done", Gm, new() { ["personnelLoss"] = "None.", ["equipmentLoss"] = "One router.", ["systemsLoss"] = "Call routing for 3 h." });

        var withoutOwner = await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "recoveryPlan", "Done", Gm, new() { ["goals"] = "Routing restored.", ["milestones"] = "Day 1: router.", ["dueDate"] = "2026-12-20" }));
        Assert.Contains("data.owner", withoutOwner.Errors.Keys);
        var badDate = await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "recoveryPlan", "Done", Gm, new() { ["goals"] = "Routing restored.", ["milestones"] = "Day 1: router.", ["owner"] = "li-qiang", ["dueDate"] = "soon" }));
        Assert.Contains("data.dueDate", badDate.Errors.Keys);

        await _kit.CompleteAsync(e.Id, "recoveryPlan", "Done", Gm, RecoveryPlan());

        var fields = (await _kit.CaseAsync(e.Id)).Fields;
        Assert.Equal(("li-qiang", "2026-12-20"), (fields["recoveryOwner"]?.ToString(), fields["recoveryDueDate"]?.ToString()));
    }

    [Fact]
    public async Task E16_TheRecoveryPlan_SpawnsTrainingEquipmentRepairSystemOptimisationAndGradualRestoration_OwnedByTheirDepartments()
    {
        var e = await TerminatedAsync();
        await LossesAndPlanAsync(e);

        var tasks = (await _kit.OpenTasksAsync(e.Id)).ToDictionary(t => t.ActivityId, t => t.Department);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["equipmentRepair"] = "logistics",
            ["gradualRestoration"] = "customer-service",
            ["staffTraining"] = "hr",
            ["systemOptimisation"] = "tech-support",
        }, tasks);
    }

    [Fact]
    public async Task E17_TheRecoveryPeriod_HasCustomerCareMonitoringUntilIndicatorsAreNormalRiskWarningAndContinuousImprovement()
    {
        var e = await TerminatedAsync();
        await LossesAndPlanAsync(e);
        await ImplementRecoveryAsync(e);

        var open = await _kit.OpenTasksAsync(e.Id);
        Assert.Equal(["businessMonitoring", "continuousImprovement", "customerCare", "riskWarning"], open.Select(t => t.ActivityId).Order());
        Assert.Equal(["IndicatorsNormal"], open.Single(t => t.ActivityId == "businessMonitoring").Outcomes);
    }

    [Fact]
    public async Task E18_TheSummary_RecordsCauseHandlingAndAftermath_AndSendsTheFinalReportToTheLeadership()
    {
        var e = await RecoveredAsync();
        Assert.Equal(EmergencyStage.Summary, (await EmergencyAsync(e.Id)).Stage);
        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(e.Id, "summary", "Done", Gm, new() { ["finalCause"] = "A failed router update." }));

        await _kit.CompleteAsync(e.Id, "summary", "Done", Gm, Summary(proposeRevision: false));

        var report = Assert.Single(await _kit.MessagesAsync(e.Id), m => m.Subject!.StartsWith("Final report", StringComparison.Ordinal));
        Assert.Equal((RecipientKind.Department, "management"), (report.RecipientKind, report.Recipient));
        Assert.Contains("Cause: A failed router update.", report.Body, StringComparison.Ordinal);
        Assert.Contains("Handling process: Calls diverted, router rolled back.", report.Body, StringComparison.Ordinal);
        Assert.Contains("Aftermath measures: Affected customers called back.", report.Body, StringComparison.Ordinal);
        Assert.Equal(EmergencyStage.Closed, (await EmergencyAsync(e.Id)).Stage);
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(e)).SubStatus);
    }

    [Fact]
    public async Task E19_AProposedPlanRevision_NeedsTheGeneralManager_AndAMajorOneAlsoManagement()
    {
        var e = await RecoveredAsync();
        await _kit.CompleteAsync(e.Id, "summary", "Done", Gm, Summary(proposeRevision: true));

        var proposal = Assert.Single(await _kit.OpenTasksAsync(e.Id));
        Assert.Equal(("approveRevision", "gm"), (proposal.ActivityId, proposal.Assignee));
        await _kit.CompleteAsync(e.Id, "approveRevision", "Approve", Gm, new() { ["revision"] = "Add a second call router.", ["majorRevision"] = true });

        var management = Assert.Single(await _kit.OpenTasksAsync(e.Id));
        Assert.Equal(("managementApproval", "Manager"), (management.ActivityId, management.CandidateRole));
        Assert.NotEqual(EmergencyStage.Closed, (await EmergencyAsync(e.Id)).Stage);
        await _kit.CompleteAsync(e.Id, "managementApproval", "Approve", Manager, new() { ["managementDecision"] = "Budget approved." });

        Assert.Equal(EmergencyStage.Closed, (await EmergencyAsync(e.Id)).Stage);
    }

    [Fact]
    public async Task E19_AMinorRevision_IsApprovedByTheGeneralManagerAlone()
    {
        var e = await RecoveredAsync();
        await _kit.CompleteAsync(e.Id, "summary", "Done", Gm, Summary(proposeRevision: true));

        await _kit.CompleteAsync(e.Id, "approveRevision", "Approve", Gm, new() { ["revision"] = "Update the phone list.", ["majorRevision"] = false });

        Assert.Empty(await _kit.OpenTasksAsync(e.Id));
        Assert.Equal(EmergencyStage.Closed, (await EmergencyAsync(e.Id)).Stage);
    }

    [Fact]
    public async Task E20_EveryStepOfAnEmergency_HasAnOwnerAndADueTime()
    {
        var e = await RaiseAsync(eventType: "data-leak");
        await ForwardAsync(e);
        await _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "I", ["assessment"] = "Customer records exposed." });
        await InitialAssessmentAndPlanAsync(e, callReserve: true);

        await using var db = _kit.Db.CreateDbContext();
        var tasks = await db.CaseTasks.AsNoTracking().Where(t => t.CaseId == e.Id).ToListAsync();
        Assert.True(tasks.Count >= 12);
        Assert.All(tasks, t =>
        {
            Assert.True(t.Assignee is not null || t.Department is not null, $"{t.ActivityId} has no owner");
            Assert.NotNull(t.DueAt);
        });

        // Emergencies run round the clock: a step's time node is wall-clock time, not business hours.
        var assess = tasks.Single(t => t.ActivityId == "assess");
        Assert.Equal(TimeSpan.FromMinutes(10), assess.DueAt - assess.CreatedAt);
    }

    [Fact]
    public async Task AnEmergency_IsDrivenThroughAllFiveStagesAndTheRecoveryPlan_WithDeadlinesCadenceEscalationsAndReportsOnItsTimeline()
    {
        var e = await RaiseAsync(eventType: "system-failure");
        var stages = new List<EmergencyStage> { (await EmergencyAsync(e.Id)).Stage };
        await ForwardAsync(e);
        await _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = "I", ["commsLead"] = "manager", ["assessment"] = "Every line is down." });
        stages.Add((await EmergencyAsync(e.Id)).Stage);
        await FileReportAsync(e);
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(31)); // one update missed: escalated
        await InitialAssessmentAndPlanAsync(e);
        stages.Add((await EmergencyAsync(e.Id)).Stage);
        await FileReportAsync(e);
        await HandleEverythingAsync(e);
        await _kit.CompleteAsync(e.Id, "declareTermination", "Terminate", Gm, Confirmed());
        stages.Add((await EmergencyAsync(e.Id)).Stage);
        await LossesAndPlanAsync(e);
        await ImplementRecoveryAsync(e);
        await AssureRecoveryAsync(e);
        stages.Add((await EmergencyAsync(e.Id)).Stage);
        await _kit.CompleteAsync(e.Id, "summary", "Done", Gm, Summary(proposeRevision: false));
        stages.Add((await EmergencyAsync(e.Id)).Stage);

        Assert.Equal([EmergencyStage.Warning, EmergencyStage.Activation, EmergencyStage.Handling, EmergencyStage.Recovery, EmergencyStage.Summary, EmergencyStage.Closed], stages);
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(e)).SubStatus);
        Assert.Empty(await _kit.OpenTasksAsync(e.Id));
        var timeline = await TimelineAsync(e.Id);
        Assert.Contains(timeline, t => t.StartsWith("Emergency plan activated at level I", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Information report 1", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Information report 2", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Emergency declared over", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Recovery plan:", StringComparison.Ordinal));
        Assert.Contains(await _kit.MessagesAsync(e.Id), m => m.Subject!.EndsWith("progress update overdue", StringComparison.Ordinal));
        Assert.All(await _kit.SlasAsync(e.Id), s => Assert.NotEqual(SlaClockStatus.Running, s.Status));
    }

    private async Task<Case> RaiseAsync(string eventType = "system-failure", int occurredMinutesAgo = 0)
    {
        var occurred = _kit.Db.Clock.GetUtcNow().AddMinutes(-occurredMinutesAgo);
        var (raised, _) = await _kit.Db.Get<RaiseEmergencyHandler>().HandleAsync(
            new RaiseEmergency(eventType, "The telephony platform rejects every incoming call.", occurred, "All inbound calls", ["customer-service", "tech-support"], Agent));
        await _kit.Db.DrainAsync();
        return raised;
    }

    private Task<CaseTask> ForwardAsync(Case e) =>
        _kit.CompleteAsync(e.Id, "headReview", "Forward", Head, new() { ["headNote"] = "Confirmed with the switchboard." });

    private async Task<Case> ActivateAsync(string level, string eventType = "system-failure")
    {
        var e = await RaiseAsync(eventType);
        await ForwardAsync(e);
        await _kit.CompleteAsync(e.Id, "assess", "Activate", Gm, new() { ["level"] = level, ["assessment"] = "Assessed with tech support." });
        return e;
    }

    private async Task InitialAssessmentAndPlanAsync(Case e, bool callReserve = false)
    {
        await _kit.CompleteAsync(e.Id, "initialAssessment", "Done", Gm, new() { ["cause"] = "A failed router update.", ["scope"] = "All inbound calls.", ["losses"] = "None yet." });
        await _kit.CompleteAsync(e.Id, "handlingPlan", "Done", Gm, new() { ["plan"] = "Divert to the backup line; roll the router back.", ["callReserve"] = callReserve });
    }

    private async Task FileReportAsync(Case e)
    {
        await _kit.Db.Get<SubmitInformationReportHandler>().HandleAsync(new SubmitInformationReport(
            e.Id, "system-failure", _kit.Db.Clock.GetUtcNow().AddMinutes(-5), ["tech-support", "customer-service"], "All inbound calls", "A failed router update.",
            "Calls diverted to the backup line.", "Next update within the interval.", null, "written",
            [new RecipientInput("leadership", "General manager"), new RecipientInput("partner", "Telephony carrier")], Agent));
        await _kit.Db.DrainAsync();
    }

    /// <summary>Completes the level's measures, the handling measures and (red) the management task.</summary>
    private async Task HandleEverythingAsync(Case e)
    {
        if ((await EmergencyAsync(e.Id)).Stage == EmergencyStage.Activation)
            await InitialAssessmentAndPlanAsync(e);
        foreach (var task in await _kit.OpenTasksAsync(e.Id))
        {
            if (task.ActivityId is "declareTermination")
                continue;
            var data = task.Form.Where(f => f.Required).ToDictionary(f => f.Name, object? (_) => "Done as planned.");
            await _kit.CompleteAsync(e.Id, task.ActivityId, task.Outcomes[0], task.Assignee == "gm" ? Gm : Head, data);
        }
    }

    private async Task<Case> TerminatedAsync()
    {
        var e = await ActivateAsync("III");
        await HandleEverythingAsync(e);
        await _kit.CompleteAsync(e.Id, "declareTermination", "Terminate", Gm, Confirmed());
        return e;
    }

    private async Task LossesAndPlanAsync(Case e)
    {
        await _kit.CompleteAsync(e.Id, "lossAssessment", "Done", Gm, new() { ["personnelLoss"] = "None.", ["equipmentLoss"] = "One router.", ["systemsLoss"] = "Call routing for 3 h." });
        await _kit.CompleteAsync(e.Id, "recoveryPlan", "Done", Gm, RecoveryPlan());
    }

    private async Task ImplementRecoveryAsync(Case e)
    {
        foreach (var step in new[] { "staffTraining", "equipmentRepair", "systemOptimisation", "gradualRestoration" })
            await _kit.CompleteAsync(e.Id, step, "Done", Supervisor, new() { [step + "Result"] = "Done." });
    }

    private async Task AssureRecoveryAsync(Case e)
    {
        await _kit.CompleteAsync(e.Id, "customerCare", "Done", Supervisor, new() { ["customerCareResult"] = "Called every affected customer." });
        await _kit.CompleteAsync(e.Id, "riskWarning", "Done", Supervisor, new() { ["riskWarningResult"] = "Router firmware pinned." });
        await _kit.CompleteAsync(e.Id, "continuousImprovement", "Done", Gm, new() { ["continuousImprovementResult"] = "Change review for router updates." });
        await _kit.CompleteAsync(e.Id, "businessMonitoring", "IndicatorsNormal", Supervisor, new() { ["businessMonitoringResult"] = "Answer rate 96 %, wait 18 s." });
    }

    private async Task<Case> RecoveredAsync()
    {
        var e = await TerminatedAsync();
        await LossesAndPlanAsync(e);
        await ImplementRecoveryAsync(e);
        await AssureRecoveryAsync(e);
        return e;
    }

    private static Dictionary<string, object?> Confirmed() => new() { ["controlled"] = true, ["normalOperation"] = true, ["noFurtherImpact"] = true };

    private static Dictionary<string, object?> RecoveryPlan() => new()
    {
        ["goals"] = "Call routing restored and hardened.", ["milestones"] = "Day 1: router replaced; day 3: failover tested.", ["owner"] = "li-qiang", ["dueDate"] = "2026-12-20",
    };

    private static Dictionary<string, object?> Summary(bool proposeRevision) => new()
    {
        ["finalCause"] = "A failed router update.",
        ["handlingProcess"] = "Calls diverted, router rolled back.",
        ["aftermath"] = "Affected customers called back.",
        ["improvements"] = "Stage router updates.",
        ["proposeRevision"] = proposeRevision,
    };

    private async Task<List<string>> MeasureTasksAsync(Case e)
    {
        string[] notMeasures = ["initialAssessment", "managementIntervention"];
        return [.. (await _kit.OpenTasksAsync(e.Id)).Select(t => t.ActivityId).Where(a => !notMeasures.Contains(a)).Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> BreachedAsync(Case e) =>
        [.. (await _kit.SlasAsync(e.Id)).Where(s => s.Status == SlaClockStatus.Breached).Select(s => s.Name).Order(StringComparer.Ordinal)];

    private async Task<List<NotificationMessage>> OverdueUpdatesAsync(Case e) =>
        [.. (await _kit.MessagesAsync(e.Id)).Where(m => m.Subject!.EndsWith("progress update overdue", StringComparison.Ordinal))];

    private async Task<Emergency> EmergencyAsync(string caseId)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.Emergencies.AsNoTracking().SingleAsync(x => x.CaseId == caseId);
    }

    private async Task<List<string>> TimelineAsync(string caseId)
    {
        await using var db = _kit.Db.CreateDbContext();
        return await db.Timeline.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.At).Select(t => t.Title).ToListAsync();
    }
}
