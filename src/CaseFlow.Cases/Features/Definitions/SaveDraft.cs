using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>
/// Saves a definition as a draft: a new definition id gets version 1; a published or retracted latest version gets a
/// new draft version; a draft is updated in place. <paramref name="ChangedBy"/> is the user saving it (null: the system).
/// </summary>
public sealed record SaveDraft(WorkflowDefinition Definition, string? ChangedBy = null);

public sealed class SaveDraftHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    public async Task<DefinitionVersionInfo> HandleAsync(SaveDraft request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await ExecuteAsync(db, request.Definition, clock.GetUtcNow(), request.ChangedBy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row.ToInfo();
    }

    /// <summary>The change itself, on a caller's context and transaction; the caller saves.</summary>
    internal static async Task<WorkflowDefinitionRow> ExecuteAsync(CaseFlowDbContext db, WorkflowDefinition definition, DateTimeOffset now, string? changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        CheckIds(definition);

        var latest = await db.WorkflowDefinitions
            .Where(d => d.DefinitionId == definition.DefinitionId)
            .OrderByDescending(d => d.Version)
            .FirstOrDefaultAsync(cancellationToken);
        var draft = DefinitionContent.Copy(definition);
        draft.IsLatest = true;
        draft.IsPublished = false;

        if (latest is { Status: DefinitionStatus.Draft })
        {
            draft.Id = latest.VersionId;
            draft.Version = latest.Version;
            draft.CreatedAt = latest.CreatedAt;
            latest.Name = draft.Name;
            latest.Description = draft.Description;
            latest.Json = DefinitionContent.ToStoredJson(draft);
            latest.ContentHash = DefinitionContent.Hash(draft);
            latest.Touch(now, changedBy);
            return latest;
        }

        // A new version: keep the caller's version id when it is still free (a file imported for the first time), else a new one.
        var versionId = definition.Id.Length > 0 && !await db.WorkflowDefinitions.AnyAsync(d => d.VersionId == definition.Id, cancellationToken)
            ? definition.Id
            : WorkflowExecutionContext.NewId();
        if (latest is not null)
            latest.IsLatest = false;
        draft.Id = versionId;
        draft.Version = (latest?.Version ?? 0) + 1;
        draft.CreatedAt = now;
        var row = new WorkflowDefinitionRow
        {
            VersionId = versionId,
            DefinitionId = draft.DefinitionId,
            Version = draft.Version,
            Name = draft.Name,
            Description = draft.Description,
            Status = DefinitionStatus.Draft,
            IsLatest = true,
            IsPublished = false,
            Json = DefinitionContent.ToStoredJson(draft),
            ContentHash = DefinitionContent.Hash(draft),
            CreatedAt = now,
            CreatedBy = changedBy,
            UpdatedAt = now,
            UpdatedBy = changedBy,
        };
        db.WorkflowDefinitions.Add(row);
        return row;
    }

    /// <summary>
    /// Refuses ids outside <see cref="DefinitionId"/>'s grammar (400 naming <c>definitionId</c> or <c>id</c>). Every way
    /// a definition is stored (the designer's save, API and folder imports, the CLI) comes through here, so a path, a
    /// quote or a line break in an id never reaches a file name or a log line.
    /// </summary>
    public static void CheckIds(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new ValidationErrors();
        if (DefinitionId.Problem(definition.DefinitionId) is { } problem)
            errors.Add("definitionId", problem);
        if (definition.Id.Length > 0 && DefinitionId.Problem(definition.Id) is { } versionProblem)
            errors.Add("id", versionProblem);
        errors.ThrowIfAny();
    }
}

internal static class DefinitionRowExtensions
{
    public static DefinitionVersionInfo ToInfo(this WorkflowDefinitionRow row) => EfWorkflowDefinitionStore.Info(row);
}
