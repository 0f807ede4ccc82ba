using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Features.Cases;

/// <summary>A migrated database with a published case workflow, and shortcuts to file cases and find their tasks.</summary>
internal sealed class CaseTestKit : IAsyncDisposable
{
    public static readonly Actor Agent = Actor.Of("agent", CaseRoles.Agent);
    public static readonly Actor Agent2 = Actor.Of("agent2", CaseRoles.Agent);
    public static readonly Actor Supervisor = Actor.Of("supervisor", CaseRoles.Supervisor);

    private CaseTestKit(TestDatabase db) => Db = db;

    public TestDatabase Db { get; }
    public CreateCaseHandler Intake => Db.Get<CreateCaseHandler>();
    public TaskCommands Tasks => Db.Get<TaskCommands>();
    public CaseCommands Cases => Db.Get<CaseCommands>();
    /// <summary>Case details as a supervisor reads them (every case, every task's values).</summary>
    public SupervisorView Details => new(Db.Get<GetCaseHandler>());

    public static async Task<CaseTestKit> CreateAsync(Workflows.Definitions.WorkflowDefinition? workflow = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, bool postgres = false)
    {
        var db = await TestDatabase.CreateAsync(services, postgres: postgres);
        await db.PublishAsync(workflow ?? CaseWorkflows.Simple());
        var kit = new CaseTestKit(db);
        foreach (var actor in new[] { Agent, Agent2, Supervisor })
            await kit.AddUserAsync(actor.UserName, [.. actor.Roles]);
        return kit;
    }

    /// <summary>A sign-in account with its roles, as Identity stores it (reassigning checks that the user exists and holds the task's role).</summary>
    public async Task AddUserAsync(string userName, string[] roles, DateTimeOffset? lockedOutUntil = null)
    {
        await using var db = Db.CreateDbContext();
        var user = new CaseFlowUser { UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), LockoutEnd = lockedOutUntil, LockoutEnabled = true };
        db.Users.Add(user);
        foreach (var name in roles)
        {
            var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == name);
            if (role is null)
            {
                role = new Microsoft.AspNetCore.Identity.IdentityRole(name) { NormalizedName = name.ToUpperInvariant() };
                db.Roles.Add(role);
            }

            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        }

        await db.SaveChangesAsync();
    }

    public static CreateCase Complaint(string name = "Li Wei", string? phone = "+86 138 0000 0001", string? email = null, string description = "The kettle stopped working after two days.", string channel = "phone", Actor? by = null) =>
        new("complaint", channel, new CustomerInput(name, phone, email, null), description, null, null, by ?? Agent);

    /// <summary>Files a case and delivers the outbox, so its first task exists.</summary>
    public async Task<Case> FileAsync(CreateCase? command = null)
    {
        var created = await Intake.HandleAsync(command ?? Complaint());
        await Db.DrainAsync();
        return created;
    }

    public async Task<CaseTask> OpenTaskAsync(string caseId, string activityId)
    {
        await using var db = Db.CreateDbContext();
        return await db.CaseTasks.AsNoTracking().SingleAsync(t => t.CaseId == caseId && t.ActivityId == activityId && t.Status == CaseTaskStatus.Open);
    }

    public async Task<Case> ReloadAsync(string caseId)
    {
        await using var db = Db.CreateDbContext();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId);
    }

    public async Task CompleteAsync(string caseId, string activityId, string outcome, Actor actor, Dictionary<string, object?>? data = null)
    {
        var task = await OpenTaskAsync(caseId, activityId);
        await Tasks.CompleteAsync(new CompleteTask(task.Id, outcome, data, actor));
        await Db.DrainAsync();
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}

/// <summary>For tests of what a case records rather than of who may read it.</summary>
internal sealed class SupervisorView(GetCaseHandler handler)
{
    public Task<CaseDetails> HandleAsync(string caseIdOrNumber) => handler.HandleAsync(caseIdOrNumber, CaseTestKit.Supervisor);
}
