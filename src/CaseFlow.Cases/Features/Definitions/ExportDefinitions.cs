using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Features.Definitions;

/// <summary>
/// Writes each definition's published version (else its latest) to <c>{folder}/{kebab-name}.json</c> (the definition
/// id when the name gives no file name or is taken; see <see cref="ExportDefinitionsHandler.FileName"/>) in the stable export format of <see cref="DefinitionContent.ToExportJson"/>.
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

        var folder = Path.GetFullPath(request.Folder);
        Directory.CreateDirectory(folder);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var exported = new List<ExportedFile>();
        var chosen = rows
            .GroupBy(r => r.DefinitionId, StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(r => r.IsPublished) ?? g.First())
            .OrderBy(r => r.DefinitionId, StringComparer.Ordinal);
        foreach (var row in chosen)
        {
            var file = FileName(row.Name, row.DefinitionId, taken) + ".json";
            var path = Path.GetFullPath(Path.Combine(folder, file));

            // The file name is built from the grammar's characters only; this is the last line should that ever change.
            if (!string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(folder), StringComparison.Ordinal))
                throw new InvalidOperationException($"Export file name for definition {row.DefinitionId} leaves the export folder");
            var bytes = Utf8.GetBytes(DefinitionContent.ToExportJson(EfWorkflowDefinitionStore.ToDefinition(row)));
            var changed = !File.Exists(path) || !(await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(bytes);
            if (changed)
                await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            exported.Add(new ExportedFile(file, row.DefinitionId, row.Version, changed));
        }

        return exported;
    }

    /// <summary>
    /// A definition's file name without extension: its kebab-case name, else its id, else (an id stored before the
    /// <see cref="DefinitionId"/> grammar was enforced) <c>definition-</c> and a hash of it; a name already in
    /// <paramref name="taken"/> gets a numeric suffix. Only letters, digits, '-', '_' and '.' (never leading) appear.
    /// </summary>
    public static string FileName(string? name, string definitionId, ISet<string>? taken = null)
    {
        ArgumentNullException.ThrowIfNull(definitionId);
        var kebab = DefinitionContent.ToKebabCase(name);
        if (kebab.Length > DefinitionId.MaxLength)
            kebab = kebab[..DefinitionId.MaxLength].TrimEnd('-');
        string[] candidates = DefinitionId.IsValid(definitionId) ? [kebab, definitionId] : [kebab, HashedName(definitionId)];
        foreach (var candidate in candidates)
        {
            if (candidate.Length > 0 && (taken is null || taken.Add(candidate)))
                return candidate;
        }

        var stem = candidates.Last(c => c.Length > 0);
        for (var n = 2; ; n++)
        {
            var numbered = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
            if (taken!.Add(numbered))
                return numbered;
        }
    }

    private static string HashedName(string definitionId) =>
        "definition-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(definitionId)))[..16];
}
