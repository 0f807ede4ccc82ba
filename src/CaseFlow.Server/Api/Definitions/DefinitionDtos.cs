using System.Text.Json.Serialization;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Validation;

namespace CaseFlow.Server.Api.Definitions;

/// <summary>
/// One definition in the list: its latest version, and the version that runs (null when none is published).
/// <c>isPublished</c> says whether some version is published (new instances and triggers use it); <c>updatedAt</c>
/// and <c>updatedBy</c> are the last change to either (saved, published, retracted); <c>updatedBy</c> is null when the
/// system made it (the <c>workflows/</c> folder import).
/// </summary>
public sealed record DefinitionListItem(
    string DefinitionId,
    string? Name,
    string? Description,
    int LatestVersion,
    [property: JsonConverter(typeof(JsonStringEnumConverter<DefinitionStatus>))] DefinitionStatus LatestStatus,
    int? PublishedVersion,
    bool IsPublished,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy);

/// <summary>
/// One stored version of a definition, without its content; <c>id</c> is the version id (Elsa's <c>id</c>), which
/// instances reference. Who created, last changed, published and retracted it (null: the system).
/// </summary>
public sealed record DefinitionVersionSummary(
    string Id,
    string DefinitionId,
    int Version,
    string? Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<DefinitionStatus>))] DefinitionStatus Status,
    bool IsLatest,
    bool IsPublished,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    DateTimeOffset? RetractedAt,
    string? RetractedBy);

/// <summary>Every version of a definition, oldest first.</summary>
public sealed record DefinitionVersions(string DefinitionId, IReadOnlyList<DefinitionVersionSummary> Items);

/// <summary>
/// A validator finding, located by JSON path (<c>root.activities[3].condition</c>). <c>Code</c> (<c>required-input-missing</c>)
/// and <c>Args</c> (<c>{"name": "taskName"}</c>) let a client show the English <c>Message</c> in its own language;
/// <c>Code</c> is null for a plain text an activity added.
/// </summary>
public sealed record DefinitionIssue(
    string Path,
    string Message,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ValidationSeverity>))] ValidationSeverity Severity,
    string? Code,
    IReadOnlyDictionary<string, string> Args);

/// <summary>The answer of <c>POST /api/workflow-definitions/validate</c>: valid when no finding is an error (warnings are allowed).</summary>
public sealed record DefinitionValidation(bool Valid, IReadOnlyList<DefinitionIssue> Errors);

/// <summary>
/// A saved draft and what the validator found in it. A draft with errors is saved all the same (work in progress,
/// as in Elsa); publishing it is refused until the errors are fixed.
/// </summary>
public sealed record SavedDraft(DefinitionVersionSummary Draft, bool Valid, IReadOnlyList<DefinitionIssue> Issues);

/// <summary>What deleting a draft left: the version that is the latest again, or null when the definition is gone.</summary>
public sealed record DeletedDraftResult(string DefinitionId, int DeletedVersion, DefinitionVersionSummary? Latest);

/// <summary>A definition an import created, updated or left unchanged; <c>index</c> is its position in the request's array (0 for a single definition).</summary>
public sealed record ImportedDefinition(int Index, string DefinitionId, string VersionId, int Version);

/// <summary>What an import did.</summary>
public sealed record ImportResult(
    IReadOnlyList<ImportedDefinition> Created,
    IReadOnlyList<ImportedDefinition> Updated,
    IReadOnlyList<ImportedDefinition> Unchanged);
