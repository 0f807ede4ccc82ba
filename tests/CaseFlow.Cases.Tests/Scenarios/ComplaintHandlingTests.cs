using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Reports;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>
/// Behaviours C1–C16 and S1, S4, S6, S8, S9 of the domain digest, on <c>workflows/complaint-handling.json</c>.
/// (C15 channels and S5/S7 ownership and transfer are covered with the use cases: CreateCaseTests, TaskCommandsTests.)
/// </summary>
public sealed class ComplaintHandlingTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task C1_Complaint_RecordsTheClaimAndTheCustomersNameAndContact_AtIntake()
    {
        var c = await _kit.FileAsync(description: "Charged twice for order 7781.");

        var details = await _kit.DetailsAsync(c.Id);
        Assert.Equal("Charged twice for order 7781.", details.Case.Description);
        Assert.Equal(("Li Wei", "+86 138 0000 0001", "li.wei@example.com"), (details.Case.Customer!.Name, details.Case.Customer.Phone, details.Case.Customer.Email));
        Assert.Equal("classify", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);
    }

    [Fact]
    public async Task C2_Complaint_CannotLeaveClassify_WithoutExactlyOneOfTheFiveCategories()
    {
        var c = await _kit.FileAsync();

        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(c.Id, "classify", "Classified"));
        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price, other" }));
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "service-process" });

        Assert.Equal("service-process", (await _kit.CaseAsync(c.Id)).Category);
        Assert.Equal(["product-quality", "service-attitude", "service-process", "price", "other"], (await _kit.DetailsAsync(c.Id)).Tasks.Single(t => t.ActivityId == "classify").Form[0].Options);
    }

    [Fact]
    public async Task C3_Complaint_RunsReceiveClassifyInitialHandlingResolveFeedbackFollowUpArchive_InOrder()
    {
        var c = await _kit.FileAsync();
        await _kit.ResolveAsync(c);
        await _kit.FeedBackAndFollowUpAsync(c);
        await _kit.AdvanceAsync(TimeSpan.FromDays(8));

        var steps = await _kit.CompletedStepsAsync(c);
        string[] order = ["acknowledge", "classify", "initialHandling", "resolve", "feedback", "followUp", "survey", "archive"];
        Assert.Equal(order, steps.Where(order.Contains));
        Assert.DoesNotContain("supervisorInstruction", steps);
        Assert.Equal(CaseStatus.Archived, (await _kit.CaseAsync(c.Id)).Status);
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(c)).SubStatus);
    }

    [Fact]
    public async Task C4_Complaint_EscalatesToSupervisor_WhenAgentFlagsMajorIssue_AndResolveWaitsForTheInstruction()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });

        await _kit.CompleteAsync(c.Id, "initialHandling", "MajorIssue", data: new() { ["initialResult"] = "Affects every customer of the spring promotion." });

        var escalation = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        Assert.Equal(("supervisorInstruction", "Supervisor", (string?)null), (escalation.ActivityId, escalation.CandidateRole, escalation.Assignee));
        Assert.Equal(CaseStatus.Escalated, (await _kit.CaseAsync(c.Id)).Status);
        await Assert.ThrowsAsync<ForbiddenException>(() => _kit.CompleteAsync(c.Id, "supervisorInstruction", "Instructed", ScenarioKit.Agent, new() { ["instruction"] = "Refund all." }));

        await _kit.CompleteAsync(c.Id, "supervisorInstruction", "Instructed", ScenarioKit.Supervisor, new() { ["instruction"] = "Refund the difference to every buyer." });

        var next = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        Assert.Equal("priceCheck", next.ActivityId);
        await _kit.CompleteAsync(c.Id, "priceCheck", "Done", data: new() { ["priceCheck"] = "Promotion mispriced." });
        Assert.Contains("Refund the difference to every buyer.", (await _kit.OpenTasksAsync(c.Id)).Single(t => t.ActivityId == "resolve").Instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task C5_Complaint_EscalatesToSupervisor_WhenInitialHandlingDidNotResolveIt()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "other" });

        await _kit.CompleteAsync(c.Id, "initialHandling", "Unresolved", data: new() { ["initialResult"] = "Customer rejected the explanation." });

        Assert.Equal("supervisorInstruction", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);
    }

    [Fact]
    public async Task C6_ProductQualityComplaint_IsVerifiedFirst_AndWhenConfirmedOffersReplacementOrReturnAndAnImprovementAction()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "product-quality" });
        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Asked for photos." });
        Assert.Equal(["Confirmed", "NotConfirmed"], Assert.Single(await _kit.OpenTasksAsync(c.Id)).Outcomes);

        await _kit.CompleteAsync(c.Id, "verifyProblem", "Confirmed", data: new() { ["verification"] = "Photo shows a burnt motor." });
        var remedy = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        Assert.Equal(["replacement", "return"], remedy.Form.Single(f => f.Name == "remedy").Options);
        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(c.Id, "offerRemedy", "Done", data: new() { ["remedy"] = "voucher" }));
        await _kit.CompleteAsync(c.Id, "offerRemedy", "Done", data: new() { ["remedy"] = "return" });

        Assert.Equal("product-quality", (await _kit.CaseAsync(c.Id)).Fields["improvementAction"]);
        var open = await _kit.OpenTasksAsync(c.Id);
        Assert.Equal(["qualityImprovement", "resolve"], open.Select(t => t.ActivityId).Order(StringComparer.Ordinal));
        var improvement = open.Single(t => t.ActivityId == "qualityImprovement");
        Assert.Equal(("quality", true), (improvement.Department, improvement.Escalates));
        Assert.NotNull(improvement.DueAt);
        Assert.Contains("Photo shows a burnt motor.", improvement.Instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task C6_ProductQualityComplaint_NotConfirmed_GoesToResolutionWithoutARemedy()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "product-quality" });
        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Asked for photos." });

        await _kit.CompleteAsync(c.Id, "verifyProblem", "NotConfirmed", data: new() { ["verification"] = "Works as specified." });

        Assert.Equal("resolve", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);
        Assert.DoesNotContain("improvementAction", (await _kit.CaseAsync(c.Id)).Fields.Keys);
    }

    [Theory]
    [InlineData("service-attitude", "trainingAction", "staff-training", "hr")]
    [InlineData("service-process", "processAction", "process-optimisation", "customer-service")]
    public async Task C7_C8_SystemicComplaints_CreateTheirImprovementAction_AsATaskOwnedByTheDepartment(string category, string step, string action, string department)
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = category, ["agentConcerned"] = "agent2" });

        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Apologised." });

        Assert.Equal(action, (await _kit.CaseAsync(c.Id)).Fields["improvementAction"]);
        var open = await _kit.OpenTasksAsync(c.Id);
        Assert.Equal(new[] { "resolve", step }.Order(StringComparer.Ordinal), open.Select(t => t.ActivityId).Order(StringComparer.Ordinal));
        var improvement = open.Single(t => t.ActivityId == step);
        Assert.Equal((department, true), (improvement.Department, improvement.Escalates));
        Assert.NotNull(improvement.DueAt);
    }

    [Fact]
    public async Task C7_TheStaffTrainingTask_NamesTheAgentConcerned()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "service-attitude", ["agentConcerned"] = "Huang Xin (agent2)" });
        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Apologised." });

        var training = (await _kit.OpenTasksAsync(c.Id)).Single(t => t.ActivityId == "trainingAction");
        Assert.Equal($"Staff training after complaint {c.Number}: Huang Xin (agent2)", training.Title);
    }

    [Fact]
    public async Task C9_PriceComplaint_RecordsAPriceFairnessCheck()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });
        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Explained." });

        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(c.Id, "priceCheck", "Done"));
        var check = await _kit.CompleteAsync(c.Id, "priceCheck", "Done", data: new() { ["priceCheck"] = "Promotion terms were unclear; page updated." });

        Assert.Equal("Promotion terms were unclear; page updated.", check.Data["priceCheck"]);
    }

    [Fact]
    public async Task C10_OtherComplaint_RequiresACaseAnalysisBeforeResolution()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "other" });
        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Listened." });

        Assert.Equal("caseAnalysis", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);
        await Assert.ThrowsAsync<ValidationException>(() => _kit.CompleteAsync(c.Id, "caseAnalysis", "Done"));
    }

    [Fact]
    public async Task C11_Complaint_BreachesItsFirstResponseSla_After24Hours_AndTheSupervisorIsTold()
    {
        var c = await _kit.FileAsync();
        var due = (await _kit.SlasAsync(c.Id)).Single(s => s.Name == "complaint.firstResponse").DueAt;
        Assert.Equal(_kit.Db.Clock.GetUtcNow().AddHours(24), due);

        await _kit.AdvanceAsync(TimeSpan.FromHours(23));
        Assert.Equal(SlaClockStatus.Running, (await _kit.SlasAsync(c.Id)).Single(s => s.Name == "complaint.firstResponse").Status);
        await _kit.AdvanceAsync(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(SlaClockStatus.Breached, (await _kit.SlasAsync(c.Id)).Single(s => s.Name == "complaint.firstResponse").Status);
        Assert.Contains((await _kit.DetailsAsync(c.Id)).Timeline, t => t.Kind == "Sla" && t.Title.StartsWith("SLA complaint.firstResponse breached", StringComparison.Ordinal));
        Assert.Contains("firstResponseOverdue", await _kit.CompletedStepsAsync(c));
        Assert.Contains(await _kit.MessagesAsync(c.Id), m => m.RecipientKind == RecipientKind.Role && m.Recipient == "Supervisor" && m.Subject!.StartsWith("First response overdue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task C11_Complaint_MeetsItsSlas_WhenClassifiedAndResolvedInTime_AndBreachesTheHandlingSlaAfter48Hours()
    {
        var met = await _kit.FileAsync();
        await _kit.AdvanceAsync(TimeSpan.FromHours(2));
        await _kit.ResolveAsync(met);
        Assert.All(await _kit.SlasAsync(met.Id), s => Assert.Equal(SlaClockStatus.Met, s.Status));

        var late = await _kit.FileAsync();
        await _kit.CompleteAsync(late.Id, "classify", "Classified", data: new() { ["category"] = "price" });
        await _kit.AdvanceAsync(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));

        var slas = await _kit.SlasAsync(late.Id);
        Assert.Equal((SlaClockStatus.Met, SlaClockStatus.Breached), (slas.Single(s => s.Name == "complaint.firstResponse").Status, slas.Single(s => s.Name == "complaint.resolution").Status));
        Assert.Equal(CasePriority.Urgent, (await _kit.CaseAsync(late.Id)).Priority);
    }

    [Fact]
    public async Task C12_Complaint_IsNotClosed_UntilTheResultWasFedBackToTheCustomer()
    {
        var c = await _kit.FileAsync();
        await _kit.ResolveAsync(c);
        await _kit.AdvanceAsync(TimeSpan.FromDays(30));

        Assert.Equal(CaseStatus.Resolved, (await _kit.CaseAsync(c.Id)).Status);
        Assert.Equal("feedback", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);

        await _kit.FeedBackAndFollowUpAsync(c);
        Assert.Equal(true, (await _kit.CaseAsync(c.Id)).Fields["fedBackToCustomer"]);
    }

    [Fact]
    public async Task C13_TheHandlingResult_IsSentToTheCustomerAndCirculatedToTheDepartments()
    {
        var c = await _kit.FileAsync();
        await _kit.ResolveAsync(c, "price");
        await _kit.CompleteAsync(c.Id, "feedback", "FedBack", data: new() { ["feedbackChannel"] = "email" });

        var messages = await _kit.MessagesAsync(c.Id);
        Assert.Contains(messages, m => m.RecipientKind == RecipientKind.Customer && m.Body.Contains("Refunded the price difference.", StringComparison.Ordinal));

        // The department concerned (price: finance) gets the result as a task of its own, with a due date.
        var review = (await _kit.OpenTasksAsync(c.Id)).Single(t => t.ActivityId == "resultToDepartments");
        Assert.Equal(("finance", "Reviewed"), (review.Department, review.Outcomes.Single()));
        Assert.Contains("Refunded the price difference.", review.Instructions, StringComparison.Ordinal);
        Assert.NotNull(review.DueAt);
        // The customer's path does not wait for the department.
        Assert.Equal(CaseStatus.FollowUp, (await _kit.CaseAsync(c.Id)).Status);
    }

    [Fact]
    public async Task C14_AnArchivedComplaint_KeepsItsHistoryAndResult_AndIsFoundBySearch()
    {
        var c = await _kit.FileAsync(description: "Courier left the parcel in the rain.");
        await _kit.ResolveAsync(c, "other");
        await _kit.FeedBackAndFollowUpAsync(c);
        await _kit.AdvanceAsync(TimeSpan.FromDays(8));

        var found = await _kit.Db.Get<SearchCasesHandler>().HandleAsync(new SearchCases(Text: "parcel in the rain"), ScenarioKit.Supervisor);
        var archived = Assert.Single(found.Items);
        Assert.Equal((CaseStatus.Archived, "Refunded the price difference."), (archived.Status, archived.Fields["handlingResult"]));
        var timeline = (await _kit.DetailsAsync(c.Id)).Timeline;
        Assert.Contains(timeline, t => t.Title == "Archived with its process history and result");
        Assert.Contains(timeline, t => t.Source == "workflow" && t.Title == "resolve completed");
        Assert.Contains(timeline, t => t.Title == "Task completed: Resolve complaint " + c.Number && t.Actor == "agent");
        Assert.Single(await _kit.Db.Get<SearchCasesHandler>().HandleAsync(new SearchCases(Text: c.Number, Status: CaseStatus.Archived), ScenarioKit.Supervisor) is { } page ? page.Items : []);
    }

    [Fact]
    public async Task C16_TheHotSpotReport_CountsComplaintsByCategoryAndStep_AndFlagsTheHotSpots()
    {
        var from = _kit.Db.Clock.GetUtcNow();
        for (var i = 0; i < 6; i++)
        {
            var c = await _kit.FileAsync();
            await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = i < 5 ? "price" : "other" });
            if (i < 5)
                await _kit.CompleteAsync(c.Id, "initialHandling", "Unresolved", data: new() { ["initialResult"] = "Rejected." });
        }

        var report = await _kit.Db.Get<HotSpotReportQuery>().RunAsync(from, _kit.Db.Clock.GetUtcNow().AddSeconds(1));

        Assert.Equal(6, report.Complaints);
        Assert.Equal(new HotSpotRow("price", 5, 5 / 6.0, true), report.ByCategory[0]);
        Assert.False(report.ByCategory.Single(r => r.Key == "other").IsHotSpot);
        Assert.True(report.ByStep.Single(r => r.Key == "supervisorInstruction") is { Count: 5, IsHotSpot: true });
        Assert.Equal(6, report.ByStep.Single(r => r.Key == "classify").Count);
    }

    [Fact]
    public async Task S1_AProblemOutsideTheCompanysResponsibility_IsExplainedAndRedirected_AndClosedWithoutASolutionStep()
    {
        var c = await _kit.FileAsync();

        await _kit.CompleteAsync(c.Id, "classify", "OutOfScope", data: new() { ["category"] = "other", ["responsibility"] = "Bought from a third-party seller." });
        await _kit.CompleteAsync(c.Id, "explainRedirect", "Done", data: new() { ["redirectTo"] = "the seller's service line 400-000-000" });

        var closed = await _kit.CaseAsync(c.Id);
        Assert.Equal(CaseStatus.Redirected, closed.Status);
        Assert.NotNull(closed.ClosedAt);
        var steps = await _kit.CompletedStepsAsync(c);
        Assert.DoesNotContain("resolve", steps);
        Assert.DoesNotContain("initialHandling", steps);
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(c)).SubStatus);
        Assert.Contains(await _kit.MessagesAsync(c.Id), m => m.RecipientKind == RecipientKind.Customer && m.Body.Contains("400-000-000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task S4_S8_TheCaseRecordsDescriptionHandlerTimeResultAndTheCustomersOpinion()
    {
        var c = await _kit.FileAsync(description: "Promotion price not applied.");
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(10));
        await _kit.ResolveAsync(c);

        var details = await _kit.DetailsAsync(c.Id);
        var resolve = details.Tasks.Single(t => t.ActivityId == "resolve");
        Assert.Equal(("Promotion price not applied.", "agent", "Refunded the price difference."), (details.Case.Description, resolve.CompletedBy, details.Case.Fields["handlingResult"]));
        Assert.Equal(_kit.Db.Clock.GetUtcNow(), resolve.CompletedAt);
        Assert.Equal("Wants clearer promotion pages.", details.Case.Fields["customerOpinion"]);
    }

    [Fact]
    public async Task S6_AfterATransfer_TheNewOwnerContinuesWithTheCasesContext()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });

        await _kit.Db.Get<CaseCommands>().TransferAsync(new TransferCase(c.Id, "agent2", "Shift ends", ScenarioKit.Agent));

        var handling = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        Assert.Equal(("initialHandling", "agent2"), (handling.ActivityId, handling.Assignee));
        await _kit.CompleteAsync(c.Id, "initialHandling", "Resolved", ScenarioKit.Agent2, new() { ["initialResult"] = "Continued where agent left off." });
        var details = await _kit.DetailsAsync(c.Id);
        Assert.Equal(("Li Wei", "price"), (details.Case.Customer!.Name, details.Case.Category));
        Assert.Contains(details.Timeline, t => t.Kind == "Transfer");
    }

    [Fact]
    public async Task S9_TheRunHistory_ShowsEachStepsInputAndOutput()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });

        var journal = await _kit.Db.Store.GetJournalAsync(c.WorkflowInstanceId!, 0, 1000);
        var classify = journal.Where(r => r.ActivityId == "classify").Select(r => r.EventName).ToList();
        Assert.Equal(["Started", "Suspended", "Resumed", "Completed"], classify.Where(e => e is "Started" or "Suspended" or "Resumed" or "Completed"));
        var task = (await _kit.DetailsAsync(c.Id)).Tasks.Single(t => t.ActivityId == "classify");
        Assert.Equal(("Classified", "price"), (task.Outcome, task.Data["category"]));
        Assert.NotEmpty(task.Form);
    }
}
