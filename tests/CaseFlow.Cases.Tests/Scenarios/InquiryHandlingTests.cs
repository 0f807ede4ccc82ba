using CaseFlow.Cases.Domain;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>Behaviours S1–S3 on <c>workflows/inquiry-handling.json</c>.</summary>
public sealed class InquiryHandlingTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task S2_AnInquiryIsClassifiedAsCommonComplexOrSpecial()
    {
        var c = await _kit.FileAsync("inquiry", description: "How do I change my delivery address?");

        var classify = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        Assert.Equal(["common", "complex", "special"], classify.Form.Single(f => f.Name == "inquiryClass").Options);
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["inquiryClass"] = "common" });
        await _kit.CompleteAsync(c.Id, "answerCommon", "Answered", data: new() { ["answer"] = "Under My orders → Address." });

        var done = await _kit.CaseAsync(c.Id);
        Assert.Equal(("common", CaseStatus.Archived, "Under My orders → Address."), (done.Category, done.Status, done.Fields["handlingResult"]));
        Assert.Contains(await _kit.MessagesAsync(c.Id), m => m.RecipientKind == RecipientKind.Customer && m.Body.Contains("Under My orders", StringComparison.Ordinal));
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(c)).SubStatus);
    }

    [Fact]
    public async Task S2_ASpecialQuestion_GoesToASupervisor()
    {
        var c = await _kit.FileAsync("inquiry");
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["inquiryClass"] = "special" });

        var special = Assert.Single(await _kit.OpenTasksAsync(c.Id));
        Assert.Equal(("answerSpecial", "Supervisor"), (special.ActivityId, special.CandidateRole));
    }

    [Fact]
    public async Task S3_AComplexQuestion_CarriesA48HourCompletionTimer_ThatWarnsTheSupervisorWhenBreached()
    {
        var c = await _kit.FileAsync("inquiry", channel: "email");
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["inquiryClass"] = "complex" });

        var clock = (await _kit.SlasAsync(c.Id)).Single(s => s.Name == "inquiry.complex");
        Assert.Equal(clock.StartedAt.AddHours(48), clock.DueAt);
        Assert.Equal(clock.StartedAt.AddHours(48), Assert.Single(await _kit.OpenTasksAsync(c.Id)).DueAt);
        await _kit.AdvanceAsync(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));

        Assert.Equal(SlaClockStatus.Breached, (await _kit.SlasAsync(c.Id)).Single(s => s.Name == "inquiry.complex").Status);
        Assert.Contains(await _kit.MessagesAsync(c.Id), m => m.Recipient == "Supervisor" && m.Subject!.StartsWith("Complex inquiry overdue", StringComparison.Ordinal));
        await _kit.CompleteAsync(c.Id, "answerComplex", "Answered", data: new() { ["answer"] = "Researched: see attached policy." });
        Assert.Equal(CaseStatus.Archived, (await _kit.CaseAsync(c.Id)).Status);
    }

    [Theory]
    [InlineData("email", 15)]
    [InlineData("social", 15)]
    [InlineData("phone", 2)]
    [InlineData("online", 2)]
    public async Task S3_TheFirstResponseClock_Is15MinutesForTickets_And2MinutesOnLiveChannels(string channel, int minutes)
    {
        var c = await _kit.FileAsync("inquiry", channel: channel);

        var clock = (await _kit.SlasAsync(c.Id)).Single(s => s.Name == "ticket.acknowledgement");
        Assert.Equal(TimeSpan.FromMinutes(minutes), clock.DueAt - clock.StartedAt);
        await _kit.AdvanceAsync(TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(1));
        Assert.Equal(SlaClockStatus.Breached, (await _kit.SlasAsync(c.Id)).Single().Status);
    }

    [Fact]
    public async Task S1_AnInquiryOutsideTheCompanysResponsibility_IsRedirectedAndClosed()
    {
        var c = await _kit.FileAsync("inquiry");

        await _kit.CompleteAsync(c.Id, "classify", "OutOfScope", data: new() { ["inquiryClass"] = "common" });
        await _kit.CompleteAsync(c.Id, "explainRedirect", "Done", data: new() { ["redirectTo"] = "your bank" });

        Assert.Equal(CaseStatus.Redirected, (await _kit.CaseAsync(c.Id)).Status);
        Assert.Equal(WorkflowSubStatus.Finished, (await _kit.StateAsync(c)).SubStatus);
    }
}
