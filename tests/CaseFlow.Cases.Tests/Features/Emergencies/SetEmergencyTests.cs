using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Emergencies;

public sealed class SetEmergencyTests : IAsyncLifetime
{
    private EmergencyTestKit _kit = null!;

    public async Task InitializeAsync() => _kit = await EmergencyTestKit.CreateAsync();

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private EmergencyUpdatedHandler Handler => _kit.Db.Services.GetServices<IOutboxMessageHandler>().OfType<EmergencyUpdatedHandler>().Single();

    [Fact]
    public async Task AnUpdate_SetsStageLevelAndCommand_MovesTheCase_AndNotesWhatItCouldNotAssign()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());

        await Handler.HandleAsync(Message(raised, 1, new()
        {
            ["stage"] = "Activation",
            ["level"] = "II",
            ["command"] = new Dictionary<string, object?> { ["commander"] = "zhou-min", ["commsLead"] = "manager", ["techLead"] = "nobody" },
        }), CancellationToken.None);

        await using var db = _kit.Db.CreateDbContext();
        var emergency = await db.Emergencies.SingleAsync(e => e.CaseId == raised.Id);
        Assert.Equal((EmergencyStage.Activation, ResponseLevel.II), (emergency.Stage, emergency.Level.GetValueOrDefault()));
        Assert.Equal(CaseStatus.InProgress, (await db.Cases.SingleAsync(c => c.Id == raised.Id)).Status);
        Assert.Equal(["commander:zhou-min", "commsLead:wang-fang"], await db.CommandRoles.Where(r => r.CaseId == raised.Id).OrderBy(r => r.Role).Select(r => r.Role + ":" + r.PersonId).ToListAsync());
        var entry = await db.Timeline.SingleAsync(t => t.CaseId == raised.Id && t.SourceId.StartsWith("set-emergency:"));
        Assert.Contains("techLead: no person 'nobody'", entry.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdatesDeliveredInReverse_LeaveTheEmergencyAsInOrder_AndARedeliveryChangesNothing()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());
        var activation = Message(raised, 1, new() { ["stage"] = "Activation", ["level"] = "III" });
        var handling = Message(raised, 2, new() { ["stage"] = "Handling", ["level"] = "II" });

        await Handler.HandleAsync(handling, CancellationToken.None);
        await Handler.HandleAsync(activation, CancellationToken.None);
        await Handler.HandleAsync(handling, CancellationToken.None);

        await using var db = _kit.Db.CreateDbContext();
        var emergency = await db.Emergencies.SingleAsync(e => e.CaseId == raised.Id);
        Assert.Equal((EmergencyStage.Handling, ResponseLevel.II), (emergency.Stage, emergency.Level.GetValueOrDefault()));
        var entries = await db.Timeline.Where(t => t.CaseId == raised.Id && t.SourceId.StartsWith("set-emergency:")).OrderBy(t => t.Id).Select(t => t.Title).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.Contains("not applied, a later update already set stage Activation, level III", entries[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminating_RecordsWhen_AndClosingClosesTheCase()
    {
        var (raised, _) = await _kit.Raise.HandleAsync(EmergencyTestKit.SystemFailure());

        await Handler.HandleAsync(Message(raised, 1, new() { ["stage"] = "Recovery", ["terminate"] = true }), CancellationToken.None);
        await Handler.HandleAsync(Message(raised, 2, new() { ["stage"] = "Closed" }), CancellationToken.None);

        await using var db = _kit.Db.CreateDbContext();
        var emergency = await db.Emergencies.SingleAsync(e => e.CaseId == raised.Id);
        var closed = await db.Cases.SingleAsync(c => c.Id == raised.Id);
        Assert.NotNull(emergency.TerminatedAt);
        Assert.Equal((CaseStatus.Closed, true), (closed.Status, closed.ClosedAt is not null));
    }

    private OutboxMessage Message(Case raised, long sequence, Dictionary<string, object?> payload)
    {
        payload["caseId"] = raised.Id;
        return new OutboxMessage($"m{sequence}", CaseOutboxKinds.EmergencyUpdated, raised.WorkflowInstanceId!, payload, _kit.Db.Clock.GetUtcNow().AddSeconds(sequence)) { Sequence = 1000 + sequence };
    }
}
