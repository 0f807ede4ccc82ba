using System.Collections.Concurrent;
using System.Linq.Expressions;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Persistence;

/// <summary>Which version of a definition to read.</summary>
public readonly record struct VersionSelector
{
    private VersionSelector(int? version, bool published) => (Version, Published) = (version, published);

    public int? Version { get; }
    public bool Published { get; }

    public static VersionSelector Latest => new(null, false);
    public static VersionSelector PublishedVersion => new(null, true);
    public static VersionSelector Specific(int version) => new(version, false);
}

/// <summary>A stored version without its JSON.</summary>
public sealed record DefinitionVersionInfo(
    string VersionId,
    string DefinitionId,
    int Version,
    string? Name,
    DefinitionStatus Status,
    bool IsLatest,
    bool IsPublished,
    string ContentHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt)
{
    /// <summary>Who created the version; null: the system (folder import).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The last change (created, saved, published, retracted) and who made it.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
    public string? PublishedBy { get; init; }
    public DateTimeOffset? RetractedAt { get; init; }
    public string? RetractedBy { get; init; }
}

/// <summary>A start trigger of a published version (see <see cref="TriggerRow"/>).</summary>
public sealed record StoredTrigger(string Id, string DefinitionId, string DefinitionVersionId, string ActivityId, string Name, string Hash, Dictionary<string, object?> Payload);

/// <summary>
/// The engine's <see cref="IWorkflowDefinitionProvider"/> over the database, plus the read side of definition
/// management (versions, triggers). Writes (save draft, publish, retract, import) are the use cases in
/// <c>Features/Definitions</c>. Published and retracted versions never change, so they are cached by version id:
/// the engine compiles each definition object once, and a resume costs no definition query. The flags
/// (<c>isLatest</c>, <c>isPublished</c>) of objects the engine methods return are as of their first read; the
/// management reads (<see cref="FindAsync"/>, <see cref="ListVersionsAsync"/>) are always current.
/// </summary>
public sealed class EfWorkflowDefinitionStore(IDbContextFactory<CaseFlowDbContext> dbFactory) : IWorkflowDefinitionProvider
{
    private readonly ConcurrentDictionary<string, WorkflowDefinition> _immutable = new(StringComparer.Ordinal);

    /// <summary>A row's version information; an expression, so queries select only these columns.</summary>
    internal static readonly Expression<Func<WorkflowDefinitionRow, DefinitionVersionInfo>> VersionInfo = d =>
        new DefinitionVersionInfo(d.VersionId, d.DefinitionId, d.Version, d.Name, d.Status, d.IsLatest, d.IsPublished, d.ContentHash, d.CreatedAt, d.PublishedAt)
        {
            CreatedBy = d.CreatedBy,
            UpdatedAt = d.UpdatedAt,
            UpdatedBy = d.UpdatedBy,
            PublishedBy = d.PublishedBy,
            RetractedAt = d.RetractedAt,
            RetractedBy = d.RetractedBy,
        };

    private static readonly Func<WorkflowDefinitionRow, DefinitionVersionInfo> ToVersionInfo = VersionInfo.Compile();

    /// <summary>A loaded row's version information.</summary>
    internal static DefinitionVersionInfo Info(WorkflowDefinitionRow row) => ToVersionInfo(row);

    public async ValueTask<WorkflowDefinition?> FindByVersionIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        if (_immutable.TryGetValue(versionId, out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.VersionId == versionId, cancellationToken);
        return row is null ? null : Materialize(row);
    }

    /// <summary>
    /// The published version of a definition, to start an instance of: one indexed query for its version id, then the
    /// shared object the engine has compiled already (a case's intake parses and compiles no JSON). Its flags are as of
    /// its first read; the version it is, is current.
    /// </summary>
    public async ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versionId = await db.WorkflowDefinitions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId && d.IsPublished)
            .Select(d => d.VersionId)
            .FirstOrDefaultAsync(cancellationToken);
        return versionId is null ? null : await FindByVersionIdAsync(versionId, cancellationToken);
    }

    public async ValueTask<WorkflowDefinition?> FindPublishedOrLatestAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.WorkflowDefinitions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId && (d.IsPublished || d.IsLatest))
            .Select(d => new { d.VersionId, d.IsPublished })
            .ToListAsync(cancellationToken);
        var pick = candidates.FirstOrDefault(c => c.IsPublished) ?? candidates.FirstOrDefault();
        return pick is null ? null : await FindByVersionIdAsync(pick.VersionId, cancellationToken);
    }

    public async ValueTask<WorkflowDefinition?> FindByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versionId = await db.WorkflowDefinitions.AsNoTracking()
            .Where(d => d.Name == name)
            .OrderByDescending(d => d.IsPublished).ThenByDescending(d => d.Version).ThenBy(d => d.DefinitionId)
            .Select(d => d.VersionId)
            .FirstOrDefaultAsync(cancellationToken);
        return versionId is null ? null : await FindByVersionIdAsync(versionId, cancellationToken);
    }

    /// <summary>One version of a definition (a specific number, the latest, or the published one), freshly read with its current flags.</summary>
    public async Task<WorkflowDefinition?> FindAsync(string definitionId, VersionSelector selector, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == definitionId);
        query = selector switch
        {
            { Version: { } version } => query.Where(d => d.Version == version),
            { Published: true } => query.Where(d => d.IsPublished),
            _ => query.Where(d => d.IsLatest),
        };
        var row = await query.FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToDefinition(row);
    }

    /// <summary>Every version of a definition, oldest first.</summary>
    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowDefinitions.AsNoTracking()
            .Where(d => d.DefinitionId == definitionId)
            .OrderBy(d => d.Version)
            .Select(VersionInfo)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest version of every definition (the designer's list), by definition id.</summary>
    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowDefinitions.AsNoTracking()
            .Where(d => d.IsLatest)
            .OrderBy(d => d.DefinitionId)
            .Select(VersionInfo)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Triggers of published versions, optionally of one activity type (<c>Elsa.Cron</c>…) and hash.</summary>
    public async Task<IReadOnlyList<StoredTrigger>> FindTriggersAsync(string? name = null, string? hash = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Triggers.AsNoTracking();
        if (name is not null)
            query = query.Where(t => t.Name == name);
        if (hash is not null)
            query = query.Where(t => t.Hash == hash);
        var rows = await query.OrderBy(t => t.DefinitionId).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        return rows.ConvertAll(t => new StoredTrigger(t.Id, t.DefinitionId, t.DefinitionVersionId, t.ActivityId, t.Name, t.Hash, PersistenceJson.ReadObject(t.Payload)));
    }

    /// <summary>The definition a row stores for the engine: shared and cached unless it is a draft.</summary>
    internal WorkflowDefinition Materialize(WorkflowDefinitionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Status != DefinitionStatus.Draft && _immutable.TryGetValue(row.VersionId, out var cached))
            return cached;
        var definition = ToDefinition(row);

        // Drafts change in place; everything else is immutable and safe to share (the engine caches its compiled plan per object).
        return row.Status == DefinitionStatus.Draft ? definition : _immutable.GetOrAdd(row.VersionId, definition);
    }

    /// <summary>The definition a row stores, with the row's id, version and flags (the columns win over the JSON).</summary>
    internal static WorkflowDefinition ToDefinition(WorkflowDefinitionRow row)
    {
        var definition = WorkflowDefinitionReader.Read(row.Json);
        definition.Id = row.VersionId;
        definition.DefinitionId = row.DefinitionId;
        definition.Version = row.Version;
        definition.IsLatest = row.IsLatest;
        definition.IsPublished = row.IsPublished;
        return definition;
    }
}
