using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Tests.Support;

namespace CaseFlow.Cases.Tests.Features.Organisation;

/// <summary>Service windows and their staffing (Q8), on the demo organisation: Zhang Wei and Huang Xin are certified agents, Lin Na (reserve pool) is not.</summary>
public sealed class ServiceWindowsTests : IAsyncLifetime
{
    private static readonly Actor Admin = Actor.Of("admin", CaseRoles.Admin);
    private TestDatabase _db = null!;

    private ServiceWindows Windows => _db.Get<ServiceWindows>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await _db.Get<OrganisationSeeder>().EnsureDepartmentsAsync();
        await _db.Get<OrganisationSeeder>().EnsureDemoPeopleAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Q8_AWindowWithFewerThanTwoCertifiedAgents_RaisesAStaffingWarning_ButIsSaved()
    {
        var shortOfStaff = await Windows.SaveAsync(new SaveServiceWindow("hotline", "Hotline", "phone", ["zhang-wei", "lin-na"], null, null, Admin));

        Assert.Equal(1, shortOfStaff.CertifiedAgents);
        Assert.Equal("Staffing warning: Hotline has 1 certified agent; it needs at least 2.", shortOfStaff.StaffingWarning);
        Assert.Single(await Windows.ListAsync());

        var staffed = await Windows.SaveAsync(new SaveServiceWindow("hotline", "Hotline", "phone", ["zhang-wei", "huang-xin", "lin-na"], null, shortOfStaff.Window.Revision, Admin));
        Assert.Equal((2, null), (staffed.CertifiedAgents, staffed.StaffingWarning));
    }

    [Fact]
    public async Task Q8_AnAgentWhoLeavesLater_RaisesTheWarningOnTheWindowTheyStaffed()
    {
        await Windows.SaveAsync(new SaveServiceWindow("chat", "Online chat", "online", ["zhang-wei", "huang-xin"], null, null, Admin));
        var person = (await _db.Get<GetPersonHandler>().HandleAsync("huang-xin")).Person;
        await _db.Get<SavePersonHandler>().HandleAsync(new SavePerson(person.Id, person.Name, person.DepartmentId, person.Position.ToString(), person.SuperiorId, person.UserName, person.Email, person.Phone, null, false, null));

        var window = Assert.Single(await Windows.ListAsync());

        Assert.Equal(1, window.CertifiedAgents);
        Assert.NotNull(window.StaffingWarning);
    }

    [Fact]
    public async Task SavingAWindow_RefusesABadIdAnUnknownPersonAndAStaleRevision_NamingTheField()
    {
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Windows.SaveAsync(new SaveServiceWindow("Hot Line!", "", null, ["nobody"], null, null, Admin)));
        Assert.Contains("id", bad.Errors.Keys);
        Assert.Contains("name", bad.Errors.Keys);
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Windows.SaveAsync(new SaveServiceWindow("hotline", "Hotline", null, ["nobody"], null, null, Admin)));
        Assert.Contains("agentIds", unknown.Errors.Keys);

        await Windows.SaveAsync(new SaveServiceWindow("hotline", "Hotline", null, [], null, null, Admin));
        await Assert.ThrowsAsync<ConflictException>(() => Windows.SaveAsync(new SaveServiceWindow("hotline", "Hotline", null, [], null, 99, Admin)));
    }
}
