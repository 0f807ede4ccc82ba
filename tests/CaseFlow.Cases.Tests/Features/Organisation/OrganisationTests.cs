using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Organisation;

public sealed class OrganisationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private SavePersonHandler People => _db.Get<SavePersonHandler>();
    private SaveDepartmentHandler Departments => _db.Get<SaveDepartmentHandler>();
    private EscalationChain Chain => _db.Get<EscalationChain>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using (var db = _db.CreateDbContext())
        {
            foreach (var name in new[] { "agent", "agent2", "supervisor", "manager", "head", "gm" })
                db.Users.Add(new CaseFlowUser { UserName = name, NormalizedUserName = name.ToUpperInvariant() });
            await db.SaveChangesAsync();
        }

        await _db.Get<OrganisationSeeder>().EnsureDemoPeopleAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task TheDemoOrganisation_ChainsAnAgent_ToSupervisor_CsManager_DepartmentHead_AndGeneralManager()
    {
        var chain = await Chain.SuperiorsOfUserAsync("agent");

        Assert.Equal([Position.Supervisor, Position.CsManager, Position.DepartmentHead, Position.GeneralManager], chain.Select(p => p.Position));
        Assert.Equal(["supervisor", "manager", "head", "gm"], chain.Select(p => p.UserName));
    }

    [Fact]
    public async Task ConfiguredDepartments_AreCreatedOnce_AndAnEditSurvivesTheNextStart()
    {
        await Departments.HandleAsync(new SaveDepartment("finance", "Finance and accounting", null, null, null, null));

        await _db.Get<OrganisationSeeder>().EnsureDepartmentsAsync();

        await using var db = _db.CreateDbContext();
        Assert.Equal(OrganisationOptions.DefaultDepartments.Count, await db.Departments.CountAsync());
        Assert.Equal("Finance and accounting", (await db.Departments.SingleAsync(d => d.Id == "finance")).Name);
    }

    [Fact]
    public async Task ASuperiorWhoReportsToThePerson_IsRefused_NamingSuperiorId_AndNothingChanges()
    {
        // The supervisor's superior would become an agent who reports to the supervisor: a circle.
        var error = await Assert.ThrowsAsync<ValidationException>(() => People.HandleAsync(Supervisor(superiorId: "zhang-wei")));

        Assert.Contains("circle", Assert.Single(error.Errors["superiorId"]), StringComparison.Ordinal);
        Assert.Equal("wang-fang", (await PersonAsync("liu-yang")).SuperiorId);
    }

    [Fact]
    public async Task APersonCannotBeTheirOwnSuperior()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => People.HandleAsync(Supervisor(superiorId: "liu-yang")));

        Assert.True(error.Errors.ContainsKey("superiorId"));
    }

    [Fact]
    public async Task SomeoneWhoLeft_IsPassedOver_TheNextLevelUpTakesTheirPlaceInTheChain()
    {
        await People.HandleAsync(Supervisor(superiorId: "wang-fang") with { Active = false });

        var chain = await Chain.SuperiorsOfUserAsync("agent");

        Assert.Equal(["wang-fang", "chen-jing", "zhou-min"], chain.Select(p => p.Id));
    }

    [Fact]
    public async Task AReservePoolMember_NeedsNoDepartment_RegularStaffDo()
    {
        var reserve = await People.HandleAsync(new SavePerson(null, "Tang Yu", null, "agent", "liu-yang", null, null, "+86 138 0000 0000", "outsourced", null, null));
        var regular = await Assert.ThrowsAsync<ValidationException>(() => People.HandleAsync(new SavePerson(null, "Song Jia", null, "agent", "liu-yang", null, null, null, null, null, null)));

        Assert.Equal(ReserveKind.Outsourced, reserve.Reserve);
        Assert.Null(reserve.DepartmentId);
        Assert.True(regular.Errors.ContainsKey("departmentId"));
    }

    [Fact]
    public async Task EveryBadField_IsNamed_InOneAnswer()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => People.HandleAsync(
            new SavePerson(null, " ", "no-such-department", "captain", "nobody", "no-such-user", "not-an-email", null, "volunteer", null, null)));

        Assert.Equal(["email", "name", "position", "reserve"], error.Errors.Keys.Order(StringComparer.Ordinal));
        var lookups = await Assert.ThrowsAsync<ValidationException>(() => People.HandleAsync(
            new SavePerson(null, "Song Jia", "no-such-department", "agent", "nobody", "no-such-user", null, null, null, null, null)));
        Assert.Equal(["departmentId", "superiorId", "userName"], lookups.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AUserBelongsToOnePerson()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => People.HandleAsync(
            new SavePerson(null, "Song Jia", "customer-service", "agent", "liu-yang", "agent", null, null, null, null, null)));

        Assert.Contains("Zhang Wei", Assert.Single(error.Errors["userName"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaleRevision_AnswersAConflict_AndTheNewerChangeStays()
    {
        var read = await PersonAsync("liu-yang");
        await People.HandleAsync(Supervisor(superiorId: "wang-fang") with { Phone = "+86 10 1234 5678", Revision = read.Revision });

        await Assert.ThrowsAsync<ConflictException>(() => People.HandleAsync(Supervisor(superiorId: "wang-fang") with { Phone = "+86 10 0000 0000", Revision = read.Revision }));

        Assert.Equal("+86 10 1234 5678", (await PersonAsync("liu-yang")).Phone);
    }

    [Fact]
    public async Task ADepartmentWithActivePeople_CannotBeDeactivated_AnEmptyOneCan()
    {
        await Assert.ThrowsAsync<ConflictException>(() => Departments.HandleAsync(new SaveDepartment("customer-service", "Customer service", null, "chen-jing", false, null)));
        var (created, isNew) = await Departments.HandleAsync(new SaveDepartment("after-sales", "After-sales service", "execution", null, null, null));
        var (closed, _) = await Departments.HandleAsync(new SaveDepartment("after-sales", "After-sales service", null, null, false, created.Revision));

        Assert.True(isNew);
        Assert.False(closed.Active);
    }

    [Fact]
    public async Task ADepartmentsHead_IsAnActivePersonOfThatDepartment()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Departments.HandleAsync(new SaveDepartment("finance", "Finance", null, "zhang-wei", null, null)));

        Assert.Contains("not in this department", Assert.Single(error.Errors["headId"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADepartmentsHeadWhoLeft_HandsTheDepartmentToTheirSuperior()
    {
        await People.HandleAsync(new SavePerson("li-qiang", "Li Qiang", "tech-support", "departmentHead", "zhou-min", null, null, null, null, false, null));

        var head = await Chain.HeadOfAsync("tech-support");

        Assert.Equal("zhou-min", head?.Id);
    }

    [Theory]
    [InlineData("Customer Service")]
    [InlineData("-leading-hyphen")]
    [InlineData("")]
    public async Task ADepartmentIdIsAShortLowerCaseKey(string id)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Departments.HandleAsync(new SaveDepartment(id, "Anything", null, null, null, null)));

        Assert.True(error.Errors.ContainsKey("id"));
    }

    private static SavePerson Supervisor(string superiorId) =>
        new("liu-yang", "Liu Yang", "customer-service", "supervisor", superiorId, "supervisor", null, null, null, null, null);

    private async Task<Person> PersonAsync(string id)
    {
        await using var db = _db.CreateDbContext();
        return await db.People.AsNoTracking().SingleAsync(p => p.Id == id);
    }
}
