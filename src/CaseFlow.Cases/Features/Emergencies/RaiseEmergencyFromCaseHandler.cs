using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Features.Emergencies;

/// <summary>
/// Applies a <c>CaseFlow.RaiseEmergency</c>: raises the emergency under the trigger key <c>major:{case id}</c> (a
/// drill's: <c>drill:{case id}</c>, a drill emergency), so a redelivered message (or the activity running again) finds
/// the one already raised, and links the case to it.
/// </summary>
/// <remarks>
/// Raising starts a workflow through the runtime, and the runtime holds the outbox handlers: the raise handler is
/// looked up when a message comes, not injected (that would be a cycle).
/// </remarks>
public sealed class RaiseEmergencyFromCaseHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, IServiceProvider services) : IOutboxMessageHandler
{
    /// <summary>The user name CaseFlow raises emergencies under when no person did.</summary>
    public const string SystemUser = "caseflow";

    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.RaiseEmergency];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("caseId") is not string caseId)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (source is null)
            return;
        // A drill runs the real plan on an emergency of its own, flagged as a drill like the drill itself.
        var drill = source.Type == Domain.CaseType.Drill;
        var description = message.Payload.GetValueOrDefault("description") as string is { Length: > 0 } given
            ? given
            : drill ? $"Drill {source.Number}: {source.Description}" : $"Major complaint {source.Number}: {source.Description}";
        var emergencies = services.GetRequiredService<RaiseEmergencyHandler>();
        await emergencies.HandleAsync(new RaiseEmergency(
            message.Payload.GetValueOrDefault("eventType") as string ?? "customer-complaint",
            description.Length > 4000 ? description[..4000] : description,
            message.CreatedAt, // when it was marked major: the deadlines run from there
            null,
            [],
            Actor.Of(SystemUser),
            source.IsDrill)
        {
            TriggerKey = (drill ? "drill:" : "major:") + caseId,
            LinkedCaseIds = [caseId],
            LinkReason = drill ? $"drill {source.Number} runs the emergency plan" : $"complaint {source.Number} marked major",
        }, cancellationToken);
    }
}
