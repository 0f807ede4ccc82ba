using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using CaseFlow.Tests.Shared;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>
/// The shipped workflows (the repository's workflows/ folder, imported as on start-up) driven through the use cases
/// with a controllable clock: what an agent, a supervisor and time do to a case.
/// </summary>
internal sealed class ScenarioKit : IAsyncDisposable
{
    public static Actor Agent => CaseTestKit.Agent;
    public static Actor Agent2 => CaseTestKit.Agent2;
    public static Actor Supervisor => CaseTestKit.Supervisor;

    private ScenarioKit(TestDatabase db) => Db = db;

    public TestDatabase Db { get; }
    public TaskCommands Tasks => Db.Get<TaskCommands>();

    public static async Task<ScenarioKit> CreateAsync(bool withOrganisation = false, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var db = await TestDatabase.CreateAsync(services);
        var result = await db.Get<ImportWorkflowFilesHandler>().HandleAsync(new ImportWorkflowFiles(WorkflowsFolder));
        Assert.Empty(result.Errors);
        // The demo sign-ins with their roles, as the server seeds them (handing work to someone checks they exist).
        await using (var context = db.CreateDbContext())
        {
            foreach (var (name, roles) in new (string Name, string[] Roles)[]
            {
                ("agent", ["Agent"]), ("agent2", ["Agent"]), ("supervisor", ["Supervisor"]),
                ("manager", ["Manager"]), ("head", ["Supervisor", "Manager"]), ("gm", ["Manager"]),
            })
            {
                var user = new CaseFlowUser { UserName = name, NormalizedUserName = name.ToUpperInvariant() };
                context.Users.Add(user);
                foreach (var roleName in roles)
                {
                    var role = context.Roles.Local.FirstOrDefault(r => r.Name == roleName);
                    if (role is null)
                        context.Roles.Add(role = new Microsoft.AspNetCore.Identity.IdentityRole(roleName) { NormalizedName = roleName.ToUpperInvariant() });
                    context.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
                }
            }

            await context.SaveChangesAsync();
        }

        // The demo organisation: agent → supervisor → manager → head (department head) → gm.
        if (withOrganisation)
            await db.Get<CaseFlow.Cases.Features.Organisation.OrganisationSeeder>().EnsureDemoPeopleAsync();

        return new ScenarioKit(db);
    }

    public static string WorkflowsFolder => RepositoryPaths.Workflows;

    public async Task<Case> FileAsync(string type = "complaint", string channel = "phone", string description = "The blender I bought last week smokes when switched on.", string? email = "li.wei@example.com")
    {
        var created = await Db.Get<CreateCaseHandler>().HandleAsync(new CreateCase(type, channel, new CustomerInput("Li Wei", "+86 138 0000 0001", email, null), description, null, null, Agent));
        await Db.DrainAsync();
        return created;
    }

    public async Task<IReadOnlyList<CaseTask>> OpenTasksAsync(string caseId)
    {
        await using var db = Db.CreateDbContext();
        return await db.CaseTasks.AsNoTracking().Where(t => t.CaseId == caseId && t.Status == CaseTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync();
    }

    /// <summary>Completes the open task of an activity and delivers what follows.</summary>
    public async Task<CaseTask> CompleteAsync(string caseId, string activityId, string outcome, Actor? actor = null, Dictionary<string, object?>? data = null)
    {
        var task = (await OpenTasksAsync(caseId)).SingleOrDefault(t => t.ActivityId == activityId)
            ?? throw new Xunit.Sdk.XunitException($"No open task '{activityId}'; open: {string.Join(", ", (await OpenTasksAsync(caseId)).Select(t => t.ActivityId))}");
        var done = await Tasks.CompleteAsync(new CompleteTask(task.Id, outcome, data, actor ?? Agent));
        await Db.DrainAsync();
        return done;
    }

    /// <summary>Lets time pass: due timers fire (SLA clocks, follow-ups, survey reminders) and the outbox is delivered.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Db.Clock.Advance(by);
        await Db.Runtime.FireDueTimersAsync();
        await Db.DrainAsync();
    }

    public async Task<Case> CaseAsync(string caseId)
    {
        await using var db = Db.CreateDbContext();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId);
    }

    public Task<CaseDetails> DetailsAsync(string caseId) => Db.Get<GetCaseHandler>().HandleAsync(caseId, CaseTestKit.Supervisor);

    public async Task<WorkflowState> StateAsync(Case c) => (await Db.Store.FindAsync(c.WorkflowInstanceId!))!.Snapshot.State;

    /// <summary>The activities the instance completed, in order (from its journal).</summary>
    public async Task<List<string>> CompletedStepsAsync(Case c) =>
        [.. (await Db.Store.GetJournalAsync(c.WorkflowInstanceId!, 0, 10_000)).Where(r => r.EventName == JournalEvents.Completed && r.ActivityType.StartsWith("CaseFlow.", StringComparison.Ordinal)).Select(r => r.ActivityId)];

    public async Task<List<NotificationMessage>> MessagesAsync(string caseId)
    {
        await using var db = Db.CreateDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.CaseId == caseId).OrderBy(n => n.CreatedAt).ToListAsync();
    }

    public async Task<List<SlaClock>> SlasAsync(string caseId)
    {
        await using var db = Db.CreateDbContext();
        return await db.SlaClocks.AsNoTracking().Where(s => s.CaseId == caseId).OrderBy(s => s.Name).ToListAsync();
    }

    /// <summary>Classify → initial handling resolved → the category's strategy steps → resolve: the usual way to "resolved".</summary>
    public async Task ResolveAsync(Case c, string category = "price")
    {
        await CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = category });
        await CompleteAsync(c.Id, "initialHandling", "Resolved", data: new() { ["initialResult"] = "Explained the promotion terms." });
        switch (category)
        {
            case "price":
                await CompleteAsync(c.Id, "priceCheck", "Done", data: new() { ["priceCheck"] = "Price matches the list; promotion terms clarified." });
                break;
            case "other":
                await CompleteAsync(c.Id, "caseAnalysis", "Done", data: new() { ["analysis"] = "Delivery partner issue." });
                break;
            case "product-quality":
                await CompleteAsync(c.Id, "verifyProblem", "Confirmed", data: new() { ["verification"] = "Photo shows burnt motor." });
                await CompleteAsync(c.Id, "offerRemedy", "Done", data: new() { ["remedy"] = "replacement" });
                break;
        }

        await CompleteAsync(c.Id, "resolve", "Resolved", data: new() { ["resolution"] = "Refunded the price difference.", ["customerOpinion"] = "Wants clearer promotion pages." });
    }

    /// <summary>Feedback to the customer, the department's review of the result, and the follow-up a day later.</summary>
    public async Task FeedBackAndFollowUpAsync(Case c)
    {
        await CompleteAsync(c.Id, "feedback", "FedBack", data: new() { ["feedbackChannel"] = "phone", ["customerSatisfied"] = true });
        await CompleteDepartmentTasksAsync(c);
        await AdvanceAsync(TimeSpan.FromDays(1));
        await CompleteAsync(c.Id, "followUp", "Done", data: new() { ["followUpNote"] = "Customer confirmed the refund arrived." });
    }

    /// <summary>The department tasks open on the case (improvement actions, the result's review), done by a supervisor.</summary>
    public async Task CompleteDepartmentTasksAsync(Case c)
    {
        foreach (var task in (await OpenTasksAsync(c.Id)).Where(t => t.Department is not null))
            await CompleteAsync(c.Id, task.ActivityId, task.Outcomes[0], Supervisor, task.Form.Where(f => f.Required).ToDictionary(f => f.Name, object? (_) => "Done."));
    }

    /// <summary>The survey link's token the customer's invitation carries when it goes out (the stored one has none).</summary>
    public async Task<string> SurveyTokenAsync(string caseId)
    {
        var invitation = (await MessagesAsync(caseId)).Single(m => m.IdempotencyKey.StartsWith("survey-invite:", StringComparison.Ordinal));
        return Db.Get<CaseFlow.Cases.Features.Surveys.SurveyLinks>().TokenFor(invitation.IdempotencyKey["survey-invite:".Length..]);
    }

    /// <summary>The customer answers the survey on the public page.</summary>
    public async Task AnswerSurveyAsync(string caseId, int score, string? comment = null)
    {
        await Db.Get<CaseFlow.Cases.Features.Surveys.SurveyCommands>().AnswerAsync(new CaseFlow.Cases.Features.Surveys.AnswerSurvey(await SurveyTokenAsync(caseId), score, comment));
        await Db.DrainAsync();
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
