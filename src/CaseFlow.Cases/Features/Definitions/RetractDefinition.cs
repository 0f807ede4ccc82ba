using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>Retracts the published version of a definition: it starts nothing any more (its triggers are removed); running instances finish on it.</summary>
public sealed record RetractDefinition(string DefinitionId, string? ChangedBy = null);

public sealed class RetractDefinitionHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The retracted version; null when nothing was published.</summary>
    public async Task<DefinitionVersionInfo?> HandleAsync(RetractDefinition request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var published = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.DefinitionId == request.DefinitionId && d.IsPublished, cancellationToken);
        if (published is null)
            return null;
        Retract(published, clock.GetUtcNow(), request.ChangedBy);
        await db.Triggers.Where(t => t.DefinitionVersionId == published.VersionId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return published.ToInfo();
    }

    /// <summary>Takes a published version out of service (its triggers are the caller's to remove).</summary>
    internal static void Retract(WorkflowDefinitionRow published, DateTimeOffset now, string? changedBy)
    {
        published.IsPublished = false;
        published.Status = DefinitionStatus.Retracted;
        published.RetractedAt = now;
        published.RetractedBy = changedBy;
        published.Touch(now, changedBy);
    }
}
