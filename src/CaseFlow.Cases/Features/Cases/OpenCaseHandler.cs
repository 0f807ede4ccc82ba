using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Workflows.Durability;

namespace CaseFlow.Cases.Features.Cases;

/// <summary>Files the linked case a <c>CaseFlow.OpenCase</c> asked for (the case id in the message makes a redelivery a no-op).</summary>
public sealed class OpenCaseHandler(IServiceProvider services) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.OpenCase];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var p = message.Payload;
        if (p.GetValueOrDefault("parentCaseId") is not string parentId || p.GetValueOrDefault("caseId") is not string caseId)
            return;

        // Resolved late: the intake handler depends on the runtime, which depends on the handlers.
        var intake = (CreateCaseHandler)services.GetService(typeof(CreateCaseHandler))!;
        await intake.OpenLinkedAsync(
            parentId,
            caseId,
            Enum.TryParse<CaseType>(p.GetValueOrDefault("type") as string, true, out var type) ? type : CaseType.Complaint,
            p.GetValueOrDefault("description") as string is { Length: > 0 } description ? description : "Follow-up",
            Enum.TryParse<CasePriority>(p.GetValueOrDefault("priority") as string, true, out var priority) ? priority : null,
            p.GetValueOrDefault("reason") as string,
            cancellationToken);
    }
}
