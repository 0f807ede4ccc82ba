using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Quality;

/// <summary>
/// Stores a QA finding once (its key) and starts the agent's rectification under an instance id derived from the key,
/// so a redelivered message neither counts the finding twice nor starts a second rectification. Whether the finding
/// is repeated is decided when it is first stored (its count within the window, itself included) and kept with it.
/// </summary>
/// <remarks>Starting a workflow goes through the runtime, which holds the outbox handlers: looked up, not injected.</remarks>
public sealed class QaFindingHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, EfWorkflowDefinitionStore definitions, EscalationChain organisation, IServiceProvider services, IOptions<QualityOptions> options) : IOutboxMessageHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [CaseOutboxKinds.QaFinding];

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.GetValueOrDefault("key") is not string key || message.Payload.GetValueOrDefault("finding") is not string text)
            return;
        var agent = message.Payload.GetValueOrDefault("agent") as string ?? "";
        var settings = options.Value;
        QaFinding finding;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            finding = await db.QaFindings.AsNoTracking().FirstOrDefaultAsync(f => f.Key == key, cancellationToken) ?? await StoreAsync(db, key, agent, text, message, settings, cancellationToken);
        }

        var definition = await definitions.FindPublishedAsync(settings.RectificationWorkflow, cancellationToken)
            ?? throw new ConflictException($"No published workflow '{settings.RectificationWorkflow}' handles QA findings");
        var known = finding.Agent.Length > 0 && await AgentExistsAsync(finding.Agent, cancellationToken);
        var superiors = known ? await organisation.SuperiorsOfUserAsync(finding.Agent, cancellationToken) : [];
        var supervisor = superiors.Count > 0 ? superiors[0].UserName : null;
        try
        {
            await services.GetRequiredService<DurableWorkflowRuntime>().StartAsync(definition, new StartWorkflowOptions
            {
                InstanceId = "qa-finding-" + finding.Id,
                Input = new Dictionary<string, object?>
                {
                    ["agent"] = known ? finding.Agent : null,
                    ["named"] = finding.Agent,
                    ["finding"] = finding.Finding,
                    ["repeated"] = finding.Repeated,
                    ["count"] = finding.CountInWindow,
                    ["supervisor"] = supervisor,
                },
            }, cancellationToken);
        }
        catch (WorkflowConcurrencyException)
        {
            // Started by an earlier delivery.
        }
    }

    private static async Task<QaFinding> StoreAsync(CaseFlowDbContext db, string key, string agent, string text, OutboxMessage message, QualityOptions settings, CancellationToken cancellationToken)
    {
        var since = message.CreatedAt - settings.RepeatedWindow;
        var earlier = agent.Length == 0 ? 0 : await db.QaFindings.CountAsync(f => f.Agent == agent && f.FoundAt > since, cancellationToken);
        var finding = new QaFinding
        {
            Key = key,
            Agent = agent,
            Finding = text,
            WorkflowInstanceId = message.InstanceId,
            FoundAt = message.CreatedAt,
            CountInWindow = earlier + 1,
            Repeated = agent.Length > 0 && earlier + 1 >= settings.RepeatedFindings,
        };
        db.QaFindings.Add(finding);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return finding;
        }
        catch (DbUpdateException)
        {
            // Delivered twice at once: the other delivery stored it.
            db.ChangeTracker.Clear();
            return await db.QaFindings.AsNoTracking().FirstAsync(f => f.Key == key, cancellationToken);
        }
    }

    private async Task<bool> AgentExistsAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().AnyAsync(u => u.UserName == userName, cancellationToken);
    }
}
