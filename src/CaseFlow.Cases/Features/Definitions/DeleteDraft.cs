using System.Globalization;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>
/// Throws away a definition's draft: the version before it (published or retracted) becomes the latest again; a
/// definition that never got past its first draft is gone. Published and retracted versions are never deleted:
/// instances and the run history reference them.
/// </summary>
public sealed record DeleteDraft(string DefinitionId);

/// <summary>What a deleted draft leaves: the version that is now the latest, or null when the definition is gone.</summary>
public sealed record DeletedDraft(int DeletedVersion, DefinitionVersionInfo? Latest);

public sealed class DeleteDraftHandler(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    /// <exception cref="NotFoundException">No definition with that id.</exception>
    /// <exception cref="ConflictException">The latest version is not a draft, or an instance runs on it.</exception>
    public async Task<DeletedDraft> HandleAsync(DeleteDraft request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var latest = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.DefinitionId == request.DefinitionId && d.IsLatest, cancellationToken)
            ?? throw new NotFoundException($"No definition '{request.DefinitionId}'.");
        var number = latest.Version.ToString(CultureInfo.InvariantCulture);
        if (latest.Status != DefinitionStatus.Draft)
            throw new ConflictException($"Definition '{request.DefinitionId}' has no draft: its latest version {number} is {latest.Status.ToString().ToLowerInvariant()}, and only drafts can be deleted.");

        // A child workflow started by definition id runs the latest version when none is published.
        if (await db.WorkflowInstances.AnyAsync(i => i.DefinitionVersionId == latest.VersionId, cancellationToken))
            throw new ConflictException($"Version {number} of '{request.DefinitionId}' has instances running on it; it cannot be deleted.");

        var previous = await db.WorkflowDefinitions
            .Where(d => d.DefinitionId == request.DefinitionId && d.Version < latest.Version)
            .OrderByDescending(d => d.Version)
            .FirstOrDefaultAsync(cancellationToken);
        db.WorkflowDefinitions.Remove(latest);
        if (previous is not null)
            previous.IsLatest = true;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeletedDraft(latest.Version, previous?.ToInfo());
    }
}
