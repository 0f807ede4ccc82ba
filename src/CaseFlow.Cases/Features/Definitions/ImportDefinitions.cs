using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>
/// Imports definitions already read (an HTTP upload) with the rules of <see cref="ImportWorkflowFiles"/>: a new
/// definition id is created and published, changed content becomes a new published version, unchanged content does
/// nothing. Each entry is reported under its <see cref="Labelled.Label"/> (what <see cref="ImportedFile.File"/> holds
/// for a folder). <paramref name="ChangedBy"/> is the user importing them (null: the system).
/// </summary>
public sealed record ImportDefinitions(IReadOnlyList<ImportDefinitions.Labelled> Definitions, string? ChangedBy = null)
{
    public sealed record Labelled(string Label, WorkflowDefinition Definition);
}

public sealed partial class ImportWorkflowFilesHandler
{
    /// <summary>Imports each definition in order; a definition without a well-formed id, or whose id came earlier in the request, is reported as an error and skipped.</summary>
    public async Task<ImportReport> HandleAsync(ImportDefinitions request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = new ImportReport();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, definition) in request.Definitions)
        {
            if (IdProblem(definition) is { } problem)
            {
                report.Errors.Add(new ImportError(label, problem));
                continue;
            }

            if (!seen.TryAdd(definition.DefinitionId, label))
            {
                report.Errors.Add(new ImportError(label, $"definitionId '{definition.DefinitionId}' is already defined by {seen[definition.DefinitionId]}"));
                continue;
            }

            await ImportAsync(label, definition, request.ChangedBy, report, cancellationToken);
        }

        return report;
    }
}
