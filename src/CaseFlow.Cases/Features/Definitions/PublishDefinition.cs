using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Workflows.Validation;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>
/// Publishes the latest version of a definition: it becomes the published version, the previously published one is
/// retracted (instances running on it keep it), and the definition's start triggers are rebuilt from the new version.
/// A version with validation errors is refused; the check reads the version inside the publishing transaction, so a
/// draft saved meanwhile is never published unchecked.
/// </summary>
public sealed record PublishDefinition(string DefinitionId, string? ChangedBy = null);

public sealed class PublishDefinitionHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock, WorkflowValidator validator)
{
    /// <summary>The published version; null when the definition does not exist.</summary>
    /// <exception cref="ValidationException">The latest version has validation errors (keyed by JSON path).</exception>
    public async Task<DefinitionVersionInfo?> HandleAsync(PublishDefinition request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var latest = await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == request.DefinitionId && d.IsLatest, cancellationToken);
        if (latest is { Status: not DefinitionStatus.Published })
        {
            var errors = validator.Validate(EfWorkflowDefinitionStore.ToDefinition(latest)).Where(i => i.Severity == ValidationSeverity.Error).ToList();
            if (errors.Count > 0)
                throw new ValidationException(errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
        }

        var row = await ExecuteAsync(db, request.DefinitionId, clock.GetUtcNow(), request.ChangedBy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row?.ToInfo();
    }

    internal static async Task<WorkflowDefinitionRow?> ExecuteAsync(CaseFlowDbContext db, string definitionId, DateTimeOffset now, string? changedBy, CancellationToken cancellationToken)
    {
        var versions = await db.WorkflowDefinitions
            .Where(d => d.DefinitionId == definitionId && (d.IsLatest || d.IsPublished))
            .ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest);
        if (latest is null || latest.Status == DefinitionStatus.Published)
            return latest;

        foreach (var previous in versions.Where(v => v.IsPublished))
            RetractDefinitionHandler.Retract(previous, now, changedBy);

        latest.Status = DefinitionStatus.Published;
        latest.IsPublished = true;
        latest.PublishedAt = now;
        latest.PublishedBy = changedBy;
        latest.Touch(now, changedBy);

        await db.Triggers.Where(t => t.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        db.Triggers.AddRange(DefinitionTriggers.Extract(EfWorkflowDefinitionStore.ToDefinition(latest)));
        return latest;
    }
}
