using System.Text.Json;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>
/// Imports every <c>*.json</c> of a folder (the repository's <c>workflows/</c> on start-up, or <c>caseflow import</c>):
/// a new definition id is created and published; changed content becomes a new published version; unchanged
/// content does nothing. Content is compared by <see cref="DefinitionContent.Hash"/>, so ids, versions, flags,
/// dates and key order do not count. A file that cannot be read is reported and skipped.
/// </summary>
public sealed record ImportWorkflowFiles(string Folder);

public sealed record ImportedFile(string File, string DefinitionId, string VersionId, int Version);

public sealed record ImportError(string File, string Message);

public sealed class ImportReport
{
    public List<ImportedFile> Created { get; } = [];
    public List<ImportedFile> Updated { get; } = [];
    public List<ImportedFile> Unchanged { get; } = [];
    public List<ImportError> Errors { get; } = [];

    public override string ToString() =>
        $"{Created.Count} created, {Updated.Count} updated, {Unchanged.Count} unchanged, {Errors.Count} errors";
}

public sealed partial class ImportWorkflowFilesHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ImportReport> HandleAsync(ImportWorkflowFiles request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = new ImportReport();
        if (!Directory.Exists(request.Folder))
        {
            report.Errors.Add(new ImportError(request.Folder, "folder not found"));
            return report;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(request.Folder, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            try
            {
                var definition = WorkflowDefinitionReader.Read(await File.ReadAllTextAsync(path, cancellationToken));
                if (IdProblem(definition) is { } problem)
                {
                    report.Errors.Add(new ImportError(file, problem));
                    continue;
                }

                if (!seen.TryAdd(definition.DefinitionId, file))
                {
                    report.Errors.Add(new ImportError(file, $"definitionId '{definition.DefinitionId}' is already defined by {seen[definition.DefinitionId]}"));
                    continue;
                }

                await ImportAsync(file, definition, null, report, cancellationToken);
            }
            catch (Exception ex) when (ex is WorkflowFormatException or JsonException or IOException or UnauthorizedAccessException)
            {
                report.Errors.Add(new ImportError(file, ex.Message));
            }
        }

        return report;
    }

    /// <summary>Why a definition's ids cannot be imported (the <see cref="Workflows.Definitions.DefinitionId"/> grammar), or null.</summary>
    internal static string? IdProblem(Workflows.Definitions.WorkflowDefinition definition)
    {
        if (string.IsNullOrWhiteSpace(definition.DefinitionId))
            return "the definition has neither a definitionId nor an id";
        if (Workflows.Definitions.DefinitionId.Problem(definition.DefinitionId) is { } problem)
            return "definitionId: " + problem;
        return definition.Id.Length > 0 && Workflows.Definitions.DefinitionId.Problem(definition.Id) is { } versionProblem ? "id: " + versionProblem : null;
    }

    private async Task ImportAsync(string file, Workflows.Definitions.WorkflowDefinition definition, string? changedBy, ImportReport report, CancellationToken cancellationToken)
    {
        var hash = DefinitionContent.Hash(definition);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.WorkflowDefinitions.AsNoTracking()
            .Where(d => d.DefinitionId == definition.DefinitionId && (d.IsPublished || d.IsLatest))
            .ToListAsync(cancellationToken);
        var published = current.FirstOrDefault(d => d.IsPublished);
        var latest = current.FirstOrDefault(d => d.IsLatest);

        // Same content as what runs (or as a version deliberately retracted): nothing to do.
        var reference = published ?? latest;
        if (reference is not null && reference.ContentHash == hash && reference.Status != DefinitionStatus.Draft)
        {
            report.Unchanged.Add(new ImportedFile(file, reference.DefinitionId, reference.VersionId, reference.Version));
            return;
        }

        var now = clock.GetUtcNow();
        await SaveDraftHandler.ExecuteAsync(db, definition, now, changedBy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var row = (await PublishDefinitionHandler.ExecuteAsync(db, definition.DefinitionId, now, changedBy, cancellationToken))!;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        (latest is null ? report.Created : report.Updated).Add(new ImportedFile(file, row.DefinitionId, row.VersionId, row.Version));
    }
}
