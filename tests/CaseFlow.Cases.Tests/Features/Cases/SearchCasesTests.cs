using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Common;

namespace CaseFlow.Cases.Tests.Features.Cases;

public sealed class SearchCasesTests : IAsyncLifetime
{
    // Supervisors see every case, so the search's own matching is all that filters.
    private static readonly Actor Supervisor = Actor.Of("supervisor", CaseRoles.Supervisor);

    private CaseTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await CaseTestKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task SearchingForPercent_FindsOnlyCasesContainingALiteralPercent()
    {
        var discount = await _kit.Intake.HandleAsync(CaseTestKit.Complaint(description: "The 100% discount was not applied."));
        await _kit.Intake.HandleAsync(CaseTestKit.Complaint(description: "The kettle stopped working."));

        var found = await _kit.Db.Get<SearchCasesHandler>().HandleAsync(new SearchCases(Text: "%"), Supervisor);

        Assert.Equal([discount.Id], found.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task SearchingForAnUnderscore_MatchesAnUnderscore_NotAnyCharacter()
    {
        var code = await _kit.Intake.HandleAsync(CaseTestKit.Complaint(description: "Error code E_42 on the display."));
        await _kit.Intake.HandleAsync(CaseTestKit.Complaint(description: "Error code EX42 on the display."));

        var found = await _kit.Db.Get<SearchCasesHandler>().HandleAsync(new SearchCases(Text: "E_42"), Supervisor);

        Assert.Equal([code.Id], found.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task SearchingForABackslash_MatchesABackslash()
    {
        var path = await _kit.Intake.HandleAsync(CaseTestKit.Complaint(description: @"The invoice is at C:\invoices."));
        await _kit.Intake.HandleAsync(CaseTestKit.Complaint(description: "The invoice is missing."));

        var found = await _kit.Db.Get<SearchCasesHandler>().HandleAsync(new SearchCases(Text: @"C:\"), Supervisor);

        Assert.Equal([path.Id], found.Items.Select(c => c.Id));
    }

    [Theory]
    [InlineData("100%", @"100\%")]
    [InlineData("a_b", @"a\_b")]
    [InlineData(@"a\%", @"a\\\%")]
    public void Escape_MakesEveryWildcardAndTheEscapeCharacterLiteral(string text, string escaped) =>
        Assert.Equal(escaped, LikePattern.Escape(text));
}
