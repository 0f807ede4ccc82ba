using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Emergencies;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Scenarios;

/// <summary>
/// Complaints raise the alarm (C17; emergency plan §1.3(2), §4.1.1(3)): a complaint marked major starts an emergency
/// directly, and a burst of complaints of one category opens one at the warning stage linking them. Shipped workflows,
/// the demo organisation, a controllable clock.
/// </summary>
public sealed class ComplaintsRaiseTheAlarmTests : IAsyncLifetime
{
    private ScenarioKit _kit = null!;

    public async Task InitializeAsync() => _kit = await ScenarioKit.CreateAsync(withOrganisation: true);

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private DetectComplaintSpikesHandler Spikes => _kit.Db.Get<DetectComplaintSpikesHandler>();

    [Fact]
    public async Task C17_AComplaintMarkedMajor_StartsAnEmergencyAtLevelThree_LinkedToIt_Once()
    {
        var c = await _kit.FileAsync(description: "The promotion charged every buyer twice.");
        await _kit.CompleteAsync(c.Id, "classify", "Classified", data: new() { ["category"] = "price" });

        await _kit.CompleteAsync(c.Id, "initialHandling", "MajorIssue", data: new() { ["initialResult"] = "Every buyer of the spring promotion is affected." });

        var (emergency, links) = await EmergenciesAsync();
        var raised = Assert.Single(emergency);
        Assert.Equal(("customer-complaint", ResponseLevel.III, EmergencyStage.Warning, "major:" + c.Id), (raised.EventType, raised.SuggestedLevel, raised.Stage, raised.TriggerKey));
        Assert.Equal([c.Id], links.Where(l => l.CaseId == raised.CaseId).Select(l => l.LinkedCaseId));
        Assert.Equal("supervisorInstruction", Assert.Single(await _kit.OpenTasksAsync(c.Id)).ActivityId);

        // The general manager is asked to grade it (nobody reported it: no department head in between).
        var assess = Assert.Single(await _kit.OpenTasksAsync(raised.CaseId));
        Assert.Equal(("assess", "gm"), (assess.ActivityId, assess.Assignee));

        // Each case's page names the other: the complaint its emergency, the emergency its complaint.
        var complaintPage = await _kit.DetailsAsync(c.Id);
        var emergencyPage = await _kit.DetailsAsync(raised.CaseId);
        var toEmergency = Assert.Single(complaintPage.Links);
        Assert.Equal((raised.CaseId, CaseRelation.Emergency, CaseType.Emergency), (toEmergency.CaseId, toEmergency.Relation, toEmergency.Type));
        var toComplaint = Assert.Single(emergencyPage.Links);
        Assert.Equal((c.Id, c.Number, CaseRelation.Linked), (toComplaint.CaseId, toComplaint.Number, toComplaint.Relation));
    }

    [Fact]
    public async Task C17_RaisingTheSameMajorComplaintAgain_FindsTheFirstEmergency()
    {
        var c = await _kit.FileAsync();
        var raise = _kit.Db.Get<RaiseEmergencyHandler>();
        var command = new RaiseEmergency("customer-complaint", "Major complaint.", null, null, [], CaseFlow.Cases.Features.Common.Actor.Of("caseflow")) { TriggerKey = "major:" + c.Id, LinkedCaseIds = [c.Id] };

        var (first, _) = await raise.HandleAsync(command);
        var (second, _) = await raise.HandleAsync(command);

        Assert.Equal(first.Id, second.Id);
        Assert.Single((await EmergenciesAsync()).Emergencies);
    }

    [Fact]
    public async Task ComplaintSpike_ABurstOfComplaintsOfOneCategory_OpensAWarningStageEmergencyLinkingThem_AndLaterOnesLinkToIt()
    {
        var burst = await ComplaintsAsync("service-process", 10);
        await ComplaintsAsync("price", 9); // below the threshold

        Assert.Equal(1, await Spikes.DetectAsync());
        Assert.Equal(0, await Spikes.DetectAsync());

        var (emergencies, links) = await EmergenciesAsync();
        var spike = Assert.Single(emergencies);
        Assert.Equal((EmergencyStage.Warning, "spike:service-process:1"), (spike.Stage, spike.TriggerKey));
        Assert.Equal(burst.Select(c => c.Id).Order(StringComparer.Ordinal), links.Select(l => l.LinkedCaseId).Order(StringComparer.Ordinal));

        var later = await ComplaintsAsync("service-process", 1);
        await Spikes.DetectAsync();

        (emergencies, links) = await EmergenciesAsync();
        Assert.Single(emergencies);
        Assert.Contains(links, l => l.LinkedCaseId == later[0].Id && l.CaseId == spike.CaseId);
        Assert.Equal(11, links.Count);
    }

    [Fact]
    public async Task D5_DrillComplaints_NeverRaiseTheAlarm()
    {
        await ComplaintsAsync("price", 12, drill: true);

        Assert.Equal(0, await Spikes.DetectAsync());
        Assert.Empty((await EmergenciesAsync()).Emergencies);
    }

    [Fact]
    public async Task ASpikeAfterTheEmergencyClosed_OpensASecondOne()
    {
        await ComplaintsAsync("price", 10);
        await Spikes.DetectAsync();
        await using (var db = _kit.Db.CreateDbContext())
            await db.Emergencies.ExecuteUpdateAsync(s => s.SetProperty(e => e.Stage, EmergencyStage.Closed));
        _kit.Db.Clock.Advance(TimeSpan.FromHours(2));

        await ComplaintsAsync("price", 10);
        Assert.Equal(1, await Spikes.DetectAsync());

        Assert.Equal(["spike:price:1", "spike:price:2"], (await EmergenciesAsync()).Emergencies.Select(e => e.TriggerKey).Order(StringComparer.Ordinal));
    }

    // Complaints filed a minute apart with their category known at intake.
    private async Task<List<Case>> ComplaintsAsync(string category, int count, bool drill = false)
    {
        var filed = new List<Case>();
        for (var i = 0; i < count; i++)
        {
            var c = await _kit.Db.Get<CreateCaseHandler>().HandleAsync(new CreateCase("complaint", "phone", new CustomerInput($"Customer {category} {i}", $"+86 138 {Random.Shared.Next(1000_0000, 9999_9999)}", null, null), "Waited an hour on the line.", category, null, ScenarioKit.Agent));
            if (drill)
            {
                await using var db = _kit.Db.CreateDbContext();
                await db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsDrill, true));
            }

            filed.Add(c);
            _kit.Db.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await _kit.Db.DrainAsync();
        return filed;
    }

    private async Task<(List<Emergency> Emergencies, List<CaseLink> Links)> EmergenciesAsync()
    {
        await _kit.Db.DrainAsync();
        await using var db = _kit.Db.CreateDbContext();
        return (await db.Emergencies.AsNoTracking().ToListAsync(), await db.CaseLinks.AsNoTracking().ToListAsync());
    }
}
