using System.Text;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>
/// Writes each definition's published version (else its latest) to <c>{folder}/{kebab-name}.json</c> (the definition
/// id when the name gives no file name or is taken) in the stable export format of <see cref="DefinitionContent.ToExportJson"/>.
/// Exporting twice writes identical bytes; a file whose bytes would not change is not touched.
/// </summary>
public sealed record ExportDefinitions(string Folder);

public sealed record ExportedFile(string File, string DefinitionId, int Version, bool Changed);

public sealed class ExportDefinitionsHandler(IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<IReadOnlyList<ExportedFile>> HandleAsync(ExportDefinitions request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<WorkflowDefinitionRow> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            rows = await db.WorkflowDefinitions.AsNoTracking()
                .Where(d => d.IsPublished || d.IsLatest)
                .ToListAsync(cancellationToken);
        }

        Directory.CreateDirectory(request.Folder);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var exported = new List<ExportedFile>();
        var chosen = rows
            .GroupBy(r => r.DefinitionId, StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(r => r.IsPublished) ?? g.First())
            .OrderBy(r => r.DefinitionId, StringComparer.Ordinal);
        foreach (var row in chosen)
        {
            var name = DefinitionContent.ToKebabCase(row.Name);
            var file = (name.Length > 0 && taken.Add(name) ? name : SafeFileName(row.DefinitionId, taken)) + ".json";
            var path = Path.Combine(request.Folder, file);
            var bytes = Utf8.GetBytes(DefinitionContent.ToExportJson(EfWorkflowDefinitionStore.ToDefinition(row)));
            var changed = !File.Exists(path) || !(await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(bytes);
            if (changed)
                await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            exported.Add(new ExportedFile(file, row.DefinitionId, row.Version, changed));
        }

        return exported;
    }

    private static string SafeFileName(string definitionId, HashSet<string> taken)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string(definitionId.Select(c => invalid.Contains(c) ? '-' : c).ToArray());
        taken.Add(name);
        return name;
    }
}
