using CaseFlow.Cases.Features.Audit;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Tests.Scenarios;

namespace CaseFlow.Cases.Tests.Features.Audit;

/// <summary>Q9: customer data is read through the use cases, which log every read they let through; the run history says who did what when.</summary>
public sealed class CustomerDataAuditTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private CustomerDataAudit Audit => _kit.Db.Get<CustomerDataAudit>();

    [Fact]
    public async Task Q9_EveryReadOfACustomersCase_AndEverySearchShowingCustomers_IsLoggedWithWhoAndWhen()
    {
        var c = await _kit.FileAsync();
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(5));

        await _kit.Db.Get<GetCaseHandler>().HandleAsync(c.Number, ScenarioKit.Supervisor);
        await _kit.Db.Get<SearchCasesHandler>().HandleAsync(new SearchCases(Text: "Li Wei"), ScenarioKit.Agent);
        await _kit.Db.Get<SearchCasesHandler>().HandleAsync(new SearchCases(Text: "nobody at all"), ScenarioKit.Agent);

        var log = (await Audit.ListAsync(new ListCustomerDataAccess())).Items;
        Assert.Equal(2, log.Count); // a search that showed no customer read none
        var read = log.Single(e => e.Action == "read");
        Assert.Equal(("supervisor", c.Id, c.CustomerId, _kit.Db.Clock.GetUtcNow()), (read.UserName, read.CaseId, read.CustomerId, read.At));
        var search = log.Single(e => e.Action == "search");
        Assert.Equal("agent", search.UserName);
        Assert.Equal("1 cases with 1 customers shown for 'Li Wei'", search.Detail);
        Assert.Single((await Audit.ListAsync(new ListCustomerDataAccess(UserName: "supervisor"))).Items);
    }

    [Fact]
    public async Task Q9_ACaseTheReaderMayNotSee_IsRefused_AndNothingIsRead()
    {
        var c = await _kit.FileAsync();
        await _kit.CompleteAsync(c.Id, "classify", "Classified", ScenarioKit.Agent, new() { ["category"] = "price" }); // agent owns it now

        await Assert.ThrowsAsync<CaseFlow.Cases.Features.Common.NotFoundException>(() => _kit.Db.Get<GetCaseHandler>().HandleAsync(c.Id, ScenarioKit.Agent2));

        Assert.Empty((await Audit.ListAsync(new ListCustomerDataAccess(UserName: "agent2"))).Items);
    }

    [Fact]
    public async Task Q9_TheRunHistory_SaysWhoDidWhatWhen()
    {
        var c = await _kit.FileAsync();
        _kit.Db.Clock.Advance(TimeSpan.FromMinutes(3));
        await _kit.CompleteAsync(c.Id, "classify", "Classified", ScenarioKit.Agent, new() { ["category"] = "price" });

        var details = await _kit.DetailsAsync(c.Id);

        var classified = Assert.Single(details.Tasks, t => t.ActivityId == "classify");
        Assert.Equal(("agent", "Classified", _kit.Db.Clock.GetUtcNow()), (classified.CompletedBy, classified.Outcome, classified.CompletedAt!.Value));
        Assert.Contains(details.Timeline, t => t.Actor == "agent" && t.At == _kit.Db.Clock.GetUtcNow());
        Assert.Contains(details.Timeline, t => t.Source == "workflow" && t.Title.StartsWith("classify completed", StringComparison.Ordinal));
    }
}
