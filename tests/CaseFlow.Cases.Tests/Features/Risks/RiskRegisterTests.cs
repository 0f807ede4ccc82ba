using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Risks;
using CaseFlow.Cases.Tests.Features.Emergencies;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Tests.Features.Risks;

public sealed class RiskRegisterTests : IAsyncLifetime
{
    private static readonly Actor Manager = Actor.Of("manager", CaseRoles.Manager);
    private EmergencyTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await EmergencyTestKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private RiskRegister Register => _kit.Db.Get<RiskRegister>();

    [Theory]
    [InlineData(1, "Strengthen daily monitoring")]
    [InlineData(2, "Improve the emergency plan")]
    [InlineData(3, "Draft a special emergency plan")]
    [InlineData(4, "risk early-warning mechanism")]
    [InlineData(5, "Activate the emergency plan")]
    public async Task E21_ARisksGrade_DeterminesItsSuggestedStrategy(int grade, string strategy)
    {
        var saved = await Register.SaveAsync(Risk(grade, specialPlan: "Standby router."));

        Assert.Contains(strategy, saved.Strategy, StringComparison.Ordinal);
        Assert.Equal((RiskCategory.Technical, (RiskGrade)grade), (saved.Risk.Category, saved.Risk.Grade));
        Assert.Equal(grade == 5, saved.OffersActivation);
    }

    [Fact]
    public async Task E21_ARiskHasOneOfFiveCategoriesAndOneOfFiveGrades()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Register.SaveAsync(Risk(6) with { Category = "weather" }));

        Assert.Equal(["category", "grade"], error.Errors.Keys.Order(StringComparer.Ordinal));
        foreach (var category in new[] { "technical", "operational", "legalRegulatory", "market", "customer" })
            await Register.SaveAsync(Risk(1) with { Category = category });
        Assert.Equal(5, (await Register.ListAsync()).Count);
    }

    [Fact]
    public async Task E21_ASignificantRisk_RequiresASpecialPlan()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Register.SaveAsync(Risk(3)));
        Assert.Equal(["specialPlan"], error.Errors.Keys);

        var saved = await Register.SaveAsync(Risk(3, specialPlan: "Second router on standby; quarterly failover drill."));
        Assert.True(saved.RequiresSpecialPlan);
    }

    [Fact]
    public async Task E21_AnExtraordinarilyMajorRisk_ActivatesTheEmergencyPlan_Once()
    {
        var risk = await Register.SaveAsync(Risk(5));
        var minor = await Register.SaveAsync(Risk(4));

        var first = await Register.ActivateAsync(risk.Risk.Id, Manager);
        var second = await Register.ActivateAsync(risk.Risk.Id, Manager);
        await Assert.ThrowsAsync<ConflictException>(() => Register.ActivateAsync(minor.Risk.Id, Manager));

        Assert.NotNull(first.Risk.EmergencyCaseId);
        Assert.Equal(first.Risk.EmergencyCaseId, second.Risk.EmergencyCaseId);
        Assert.False(second.OffersActivation);
        await using var db = _kit.Db.CreateDbContext();
        var emergency = await db.Emergencies.AsNoTracking().SingleAsync();
        Assert.Equal(("system-failure", EmergencyStage.Warning, "risk:" + risk.Risk.Id), (emergency.EventType, emergency.Stage, emergency.TriggerKey));
    }

    [Fact]
    public async Task AStaleRevision_IsAConflict()
    {
        var saved = await Register.SaveAsync(Risk(2));
        await Register.SaveAsync(Risk(2) with { Id = saved.Risk.Id, Revision = saved.Risk.Revision, Title = "Renamed" });

        await Assert.ThrowsAsync<ConflictException>(() => Register.SaveAsync(Risk(2) with { Id = saved.Risk.Id, Revision = saved.Risk.Revision }));
    }

    private static SaveRisk Risk(int grade, string? specialPlan = null) =>
        new(null, "Call routing has a single router", "If it fails, no call gets through.", "technical", grade, specialPlan, "li-qiang", null, Manager);
}
